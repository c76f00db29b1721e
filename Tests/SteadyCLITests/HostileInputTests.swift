import Foundation
import Testing
import SteadyTestSupport

/// Reproducers from the hostile-input review: each gives a precise error and an exit code a
/// script can trust, never a crash, a hang or a silent acceptance.
struct HostileInputTests {
    /// A scratch folder holding `rules` (a rule file) and a catalog of the one action `action`.
    func ruleFolder(_ rules: String, action: String) throws -> URL {
        let folder = ScratchFolder.root.appendingPathComponent("steady-hostile-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try rules.write(to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        try "catalog: c\nversion: 1\nactions:\n  - {id: \(action), title: A, category: mind, minutes: 5, slot: any}\n"
            .write(to: folder.appendingPathComponent("catalog.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    func scratch(_ name: String, _ text: String) throws -> URL {
        let url = ScratchFolder.root.appendingPathComponent("steady-hostile-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test(arguments: [
        (#"{"date":"2026-11-24","stress":3,"stress":9}"#, "duplicate key 'stress'", "SR0105"),
        (#"{"date":"2026-11-24","sleep":{"hours":6,"hours":9}}"#, "duplicate key 'sleep.hours'", "SR0105"),
        (#"{"date":"2026-11-24","stress":7.0}"#, "'stress' must be a whole number", "SR0602"),
        (#"{"date":"2026-11-24","stress":1e1}"#, "'stress' must be a whole number", "SR0602"),
        (#"{"date":"2026-11-24","stress":0.1e-400}"#, "'stress' must be a whole number", "SR0602"),
    ])
    func batchLinesAreReadAsStrictlyAsStateFiles(_ line: String, _ message: String, _ code: String) throws {
        let batch = try scratch("b.jsonl", line + "\n")
        let state = try scratch("s.json", line)
        defer { for url in [batch, state] { try? FileManager.default.removeItem(at: url) } }
        for arguments in [["--batch", batch.path], ["--batch", batch.path, "--recommended-only"]] {
            let output = try Steady.run(["plan"] + arguments)
            #expect(output.status == 1)
            #expect(output.stderr.hasPrefix("\(batch.path):1: \(message)"), "\(arguments): \(output.stderr)")
        }
        let single = try Steady.run(["plan", "--state", state.path])
        #expect(single.status == 1)
        #expect(single.stderr.contains("error[\(code)]"), "\(single.stderr)")
    }

    @Test func aRuleThatOverflowsGivesUnknownNotACrash() throws {
        let folder = try ruleFolder("""
            ruleset: overflow
            version: 1
            facts:
              date: {type: date}
              stress: {type: integer, min: 0, max: 10}
            rules:
              - {id: wraps, title: W, when: "(536870912 * 536870912 * 32) % (0 - 1) < stress", then: [{recommend: breathe}]}
              - {id: negates, title: N, when: "-((0 - stress * 536870912 * 536870912 * 16) * 2) > 0", then: [{recommend: breathe}]}
            """, action: "breathe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = try scratch("s.yaml", "date: 2026-11-24\nstress: 1\n")
        defer { try? FileManager.default.removeItem(at: state) }
        let output = try Steady.run(["why-not", "breathe", "--state", state.path, "--rules", folder.path, "--catalog", folder.path,
                                     "--audience", "clinician"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("fails: (536870912 * 536870912 * 32) % (0 - 1) < stress = unknown (integer overflow)"))
    }

    @Test(arguments: [
        (["plan", "--batch", "examples/workday-high-stress.yaml", "--jobs", "9223372036854775807"], "--jobs must be 1 to 256; got 9223372036854775807"),
        (["plan", "--batch", "examples/workday-high-stress.yaml", "--jobs", "-1"], "--jobs must be 1 to 256; got -1"),
        (["history", "--patient", "p1", "--days", "100000000"], "--days must be 1 to 3650; got 100000000"),
        (["impact", "--rules", "rules", "--days", "0"], "--days must be 1 to 3650; got 0"),
        (["check", "rules", "--max-diagnostics", "-5"], "--max-diagnostics must be 0 to 100000; got -5"),
        (["bench", "latency", "--state", "examples/pain-flare.yaml", "--iterations", "99999999999"], "--iterations must be 1 to 1000000; got 99999999999"),
    ])
    func numericOptionsAreBoundedUsageErrors(_ arguments: [String], _ message: String) throws {
        let output = try Steady.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test func theWorkLimitStopsARunWhosePatternsMultiply() throws {
        let folder = try ruleFolder("""
            ruleset: work
            version: 1
            facts:
              date: {type: date}
              item:
                type: template
                fields: {n: {type: integer, required: true}}
            rules:
              - {id: cross, title: C, when: "a: item and b: item and a.n + b.n > 1000", then: [{recommend: rest}]}
            """, action: "rest")
        defer { try? FileManager.default.removeItem(at: folder) }
        let items = (0..<100).map { "{n: \($0)}" }.joined(separator: ", ")
        let state = ScratchFolder.root.appendingPathComponent("steady-work-state-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: state) }
        try "date: 2026-11-24\nitem: [\(items)]\n".write(to: state, atomically: true, encoding: .utf8)
        let arguments = ["plan", "--state", state.path, "--rules", folder.path, "--catalog", folder.path]
        #expect(try Steady.run(arguments).status == 0)
        let stopped = try Steady.run(arguments + ["--max-work", "5000"])
        #expect(stopped.status == 1)
        #expect(stopped.stderr == "steady: the run stopped: stopped after examining 5000 candidate matches; rule 'cross' combines patterns that nothing relates (add a condition joining them, or filter each pattern)\n")
        #expect(try Steady.run(arguments + ["--max-work", "5"]).status == 2)
    }

    @Test func aNegativeCheckInValueIsOutOfRangeNotMissing() throws {
        let db = ScratchFolder.root.appendingPathComponent("steady-neg-\(UUID().uuidString).sqlite").path
        let output = try Steady.run(["checkin", "--patient", "p1", "--date", "2026-11-24", "--stress", "-1", "--db", db])
        #expect(output.status == 1)
        #expect(output.stderr == "steady: --stress: 'stress' is out of range (0..10)\n")
    }

    @Test func twentyThousandUnknownKeysOnOneLineAreCappedWithShortExcerpts() throws {
        let keys = (0..<20_000).map { "\"k\($0)\":1" }.joined(separator: ",")
        let state = try scratch("wide.json", "{\"date\":\"2026-11-24\",\(keys)}")
        defer { try? FileManager.default.removeItem(at: state) }
        let output = try Steady.run(["plan", "--state", state.path])
        #expect(output.status == 1)
        #expect(output.stderr.components(separatedBy: "error[SR0601]").count - 1 == 100)
        #expect(output.stderr.hasSuffix("... and 19900 more (use --format json to see all)\n\n"))
        #expect(output.stderr.split(separator: "\n").allSatisfy { $0.count < 400 })
    }

    /// The test runner reads a run's stdout and stderr at once: a page of diagnostics larger
    /// than a pipe holds (64 KiB), with nothing on stdout, arrives whole rather than leaving the
    /// run and the test waiting for each other. (Each diagnostic names the file, so a long
    /// folder name makes the page long.)
    @Test func diagnosticsLargerThanAPipeHoldsArriveWhole() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-long-" + String(repeating: "folder-name-", count: 10) + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("wide.json")
        try Data(("{\"date\":\"2026-11-24\"," + (0..<20_000).map { "\"k\($0)\":1" }.joined(separator: ",") + "}").utf8).write(to: state)
        let output = try Steady.run(["plan", "--state", state.path])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.utf8.count > 65_536)
        #expect(output.stderr.hasSuffix("... and 19900 more (use --format json to see all)\n\n"))
    }
}

/// Patient ids are keys: no formula, no line break, no empty id.
struct PatientIDTests {
    @Test(arguments: ["", "=HYPERLINK(\"http://x\")", "a b", "p1/../x", "p1\nsteady: forged", String(repeating: "p", count: 65)])
    func aBadPatientIDIsAUsageError(_ id: String) throws {
        let db = ScratchFolder.root.appendingPathComponent("steady-id-\(UUID().uuidString).sqlite").path
        let output = try Steady.run(["checkin", "--patient", id, "--stress", "3", "--db", db])
        #expect(output.status == 2)
        #expect(output.stderr.contains("is not a patient id"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func anImportWithABadPatientIsRefusedWhole() throws {
        let csv = ScratchFolder.root.appendingPathComponent("steady-id-\(UUID().uuidString).csv")
        try "patient,date,stress\np1,2026-11-23,4\n=1+1,2026-11-24,5\n".write(to: csv, atomically: true, encoding: .utf8)
        let db = ScratchFolder.root.appendingPathComponent("steady-id-\(UUID().uuidString).sqlite").path
        let output = try Steady.run(["checkin", "--import", csv.path, "--db", db])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("\(csv.path):3: '=1+1' is not a patient id"))
        #expect(output.stderr.hasSuffix("steady: nothing imported (1 problem)\n"))
    }
}

/// `imports:` reaches only rule files under the current folder or the paths given.
struct ImportConfinementTests {
    @Test(arguments: ["/etc/passwd", "../../../../../../etc/passwd", "/proc/self/environ", "/etc"])
    func anImportOutsideTheTreeIsRefusedWithoutReadingIt(_ target: String) throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-imports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "ruleset: clinic\nversion: 1\nimports: ['\(target)']\n".write(to: folder.appendingPathComponent("clinic.yaml"), atomically: true, encoding: .utf8)
        let output = try Steady.run(["check", folder.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("error[SR0109]: import '\(target)' is refused: "), "\(output.stdout)")
        #expect(!output.stdout.contains("root:"), "no line of the file is shown")
    }
}

/// Small things that went wrong on hostile paths and text.
struct PathAndTextTests {
    @Test func checkingTheRootFolderSearchesItNotTheCurrentOneAndStops() throws {
        let output = try Steady.run(["check", "/"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("'/' holds more than 100000 files and folders; the search stopped"), "\(output.stdout.prefix(500))")
    }

    @Test(arguments: ["\u{2028}", "\u{2029}", "\u{85}"])
    func aLineSeparatorIsRefusedWithItsPosition(_ separator: String) throws {
        let file = ScratchFolder.root.appendingPathComponent("steady-sep-\(UUID().uuidString).yaml")
        try "ruleset: r\nversion: 1\ndescription: a\(separator)b\nrules: []\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Steady.run(["check", file.path])
        #expect(output.status == 1)
        let code = separator.unicodeScalars.first!.value
        #expect(output.stdout.contains("\(file.path):3:15: error[SR0108]: line separator U+\(String(format: "%04X", code)) in the file"), "\(output.stdout)")
    }
}
