import ArgumentParser
import Foundation
import SteadyPlan
import SteadyRules

/// `steady watch PATH...`: check and test again whenever a rule file changes.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Check the rules and run their tests again each time a file changes.",
        discussion: """
            Runs what 'steady check' and 'steady test' run on the paths, then looks every half \
            second for a YAML file under them (or imported by them) that was changed, added or \
            removed, and runs them again, under a line with the time. Stop it with Ctrl-C.

            Example:
              steady watch clinic plans
            """
    )

    @Argument(help: ArgumentHelp("Rule files, catalogs, or folders (default: rules plans).", valueName: "path"))
    var paths: [String] = []

    var resolvedPaths: [String] { paths.isEmpty ? ["rules", "plans"] : paths }

    func validate() throws {
        for path in resolvedPaths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
    }

    func run() throws {
        // Stop on Ctrl-C and SIGTERM even when started with them blocked (as a child of a
        // process that blocks signals in its threads), rather than run on unkillable but by -9.
        var stop = sigset_t()
        sigemptyset(&stop)
        sigaddset(&stop, SIGINT)
        sigaddset(&stop, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stop, nil)
        var watched = Set(RuleLoader.files(under: resolvedPaths))
        // Stamps are taken before each run, so a change made while it runs is seen next time.
        var seen = Self.stamps(of: watched)
        while true {
            let loaded = report()
            for path in loaded.subtracting(watched) { seen[path] = Self.stamps(of: [path])[path] }
            watched.formUnion(loaded)
            var now = seen
            while now == seen {
                Thread.sleep(forTimeInterval: 0.5)
                now = Self.stamps(of: watched.union(RuleLoader.files(under: resolvedPaths)))
            }
            seen = now
        }
    }

    /// Checks and tests once, prints the outcome, and returns the files to watch: those under
    /// the paths and those they import.
    private func report() -> Set<String> {
        let loaded = RuleLoader(reviewDay: .today).load(paths: resolvedPaths)
        let time = Date().formatted(.iso8601.time(includingFractionalSeconds: false).timeSeparator(.colon))
        var out = "── \(time) " + String(repeating: "─", count: 40) + "\n"
        out += DiagnosticRenderer(files: loaded.files).render(loaded.diagnostics, limit: 100) + CheckReport.summary(loaded)
        if let planner = Planner(loaded), !planner.ruleSet.tests.isEmpty {
            out += "\n" + TestReport(ruleSet: planner.ruleSet.name, outcomes: RuleSetTestRunner(planner: planner).run()).text()
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        return Set(RuleLoader.files(under: resolvedPaths)).union(loaded.files.map(\.path))
    }

    /// Each file's modification time and size (nil for a file that is gone).
    private static func stamps(of files: Set<String>) -> [String: [Double]] {
        Dictionary(uniqueKeysWithValues: files.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return (path, [modified, Double(attributes?[.size] as? Int ?? -1)])
        })
    }
}
