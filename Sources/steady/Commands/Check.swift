import ArgumentParser
import Foundation
import SteadyRules

/// `steady check`: load rule sets and catalogs and report every problem.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rule files and action catalogs for errors.",
        discussion: """
            Loads every YAML file under the given paths (files or folders) as one rule set and \
            its action catalog, and reports every problem at once with file:line:column, a \
            stable code (see docs/diagnostics.md) and a hint.

            Examples:
              steady check rules/cervical-dystonia plans
              steady check clinic/extra.yaml --format json
              steady check --strict rules/cervical-dystonia plans     (in CI: warnings fail too)

            Exits 0 when there are no errors (warnings allowed, unless --strict), 1 when there \
            are errors (or, with --strict, warnings), 2 when a path does not exist.
            """
    )

    @Argument(help: ArgumentHelp("Rule files, catalogs, or folders holding them.", valueName: "path"))
    var paths: [String]

    @Option(help: "Output format: text for people, json for programs.")
    var format: OutputFormat = .text

    @Option(parsing: .unconditional, help: "Show at most this many diagnostics as text, 0 to 100000 (json always has all).")
    var maxDiagnostics = 100

    @Flag(help: "Treat warnings as errors: exit 1 when there is any (a rule that can never fire, an unused fact, ...).")
    var strict = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one rule file, catalog or folder to check") }
        try Bounds.check(maxDiagnostics, Bounds.diagnostics, "--max-diagnostics")
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
    }

    func run() throws {
        let result = RuleLoader(reviewDay: .today).load(paths: paths)
        switch format {
        case .json:
            print(try CheckReport(result).json())
        case .text:
            print(DiagnosticRenderer(files: result.files).render(result.diagnostics, limit: maxDiagnostics)
                  + CheckReport.summary(result), terminator: "")
        }
        if result.diagnostics.hasErrors || (strict && result.diagnostics.contains { $0.severity == .warning }) { throw ExitStatus.problems.code }
    }
}
