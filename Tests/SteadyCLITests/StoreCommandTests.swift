import Foundation
import Testing
import SteadyTestSupport

/// checkin, history, plan --patient and audit, end to end on a scratch database.
struct StoreCommandTests {
    @Test func checkInPlanAndAudit() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-cli-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("steady.sqlite").path
        for (day, stress) in [("2026-11-22", 7), ("2026-11-23", 8)] {
            let file = folder.appendingPathComponent("\(day).yaml")
            try "date: \(day)\nstress: \(stress)\npain: 4\n".write(to: file, atomically: true, encoding: .utf8)
            let output = try Steady.run(["checkin", "--patient", "p1", "--file", file.path, "--db", db])
            #expect(output.stdout == "checked in p1 for \(day)\n")
        }
        let today = ["checkin", "--patient", "p1", "--file", "examples/workday-high-stress.yaml", "--db", db]
        #expect(try Steady.run(today).stdout == "checked in p1 for 2026-11-24\n")
        #expect(try Steady.run(today).stdout == "checked in p1 for 2026-11-24 (version 2, replacing the earlier one)\n")

        let history = try Steady.run(["history", "--patient", "p1", "--days", "4", "--db", db])
        #expect(history.stdout == """
            p1: 3 check-ins in the 4 days to 2026-11-24
            stress ·▆▇▇
            pain   ·▄▄▄

            date        stress  pain  sleep  fatigue
            2026-11-24       8     5    5.5        6
            2026-11-23       8     4      -        -
            2026-11-22       7     4      -        -

            """)

        let plan = try Steady.run(["plan", "--patient", "p1", "--date", "2026-11-24", "--db", db])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("because your stress has been 7 or more for 3 days running") || plan.stdout.contains("contact a dystonia support group"))
        #expect(plan.stderr == "stored as plan #1\n")
        let verified = try Steady.run(["audit", "verify", "--db", db]).stdout.split(separator: "\n").map(String.init)
        #expect(verified.count == 2 && verified[0] == "audit chain intact: 6 entries")
        let head = String(verified.last?.dropFirst("head: ".count) ?? "")
        #expect(head.hasPrefix("6:") && head.count == 66)
        #expect(try Steady.run(["audit", "verify", "--db", db, "--expect-head", head]).status == 0)
        #expect(try Steady.run(["audit", "replay", "1", "--db", db]).stdout == "plan #1: replay identical\n")
        let show = try Steady.run(["audit", "show", "1", "--db", db]).stdout
        #expect(show.hasPrefix("plan #1 for p1 on 2026-11-24\nrule set cervical-dystonia 0.3.0, snapshot sha256:"))
        #expect(show.contains("\nreplay: identical to the stored record and trace\n\nYour plan for 2026-11-24\n"))
        #expect(show.contains("\nDerivation:\n"))

        // The database and the key are private to their owner.
        for path in [db, Steady.auditKey] {
            #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        }

        // An exported record verifies on its own, and not after one byte changes.
        let export = folder.appendingPathComponent("plan-1.json")
        try Steady.run(["audit", "export", "1", "--db", db]).stdout.write(to: export, atomically: true, encoding: .utf8)
        #expect(try Steady.run(["audit", "verify", "--record", export.path]).stdout == "record intact: plan #1, audit entry #6, authenticated\n")
        let edited = try String(contentsOf: export, encoding: .utf8).replacingOccurrences(of: "\\\"stress\\\":8", with: "\\\"stress\\\":9")
        try edited.write(to: export, atomically: true, encoding: .utf8)
        let broken = try Steady.run(["audit", "verify", "--record", export.path])
        #expect(broken.status == 1)
        #expect(broken.stdout == "record broken: the plan's columns do not match the payload hash its audit entry logged (edited)\n")

        // Without the key, verify checks integrity and says it could not check authenticity.
        let keyless = try Steady.run(["audit", "verify", "--db", db, "--audit-key", folder.appendingPathComponent("absent.key").path])
        #expect(keyless.stdout.hasSuffix("integrity only: no audit key at \(folder.appendingPathComponent("absent.key").path), so authenticity was not checked\n"))

        // Deleting the newest entry passes a plain walk, but not against the head written down.
        try Steady.sqlite(db, "DELETE FROM audit WHERE id = 6")
        let truncated = try Steady.run(["audit", "verify", "--db", db, "--expect-head", head])
        #expect(truncated.status == 1)
        #expect(truncated.stdout == "audit chain broken: the chain has 5 entries, fewer than the 6 written down: entries were deleted\n")

        // Tamper with a stored check-in behind Steady's back.
        try Steady.sqlite(db, "UPDATE checkin SET state = replace(state, '\"stress\":7', '\"stress\":2') WHERE id = 1")
        let verify = try Steady.run(["audit", "verify", "--db", db])
        #expect(verify.status == 1)
        #expect(verify.stdout == "audit chain broken: the checkin record 1 of audit entry #1 (checkin 1) was changed after it was logged\n")
    }

    @Test func checkInFromFlagsAndExportImportRoundTrip() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-cli-flags-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("a.sqlite").path
        let flags = ["checkin", "--patient", "p1", "--date", "2026-11-30", "--stress", "8", "--pain", "5", "--sleep", "6.5",
                     "--trigger", "stress_event", "--trigger", "reading", "--set", "work.context=desk_office", "--db", db]
        #expect(try Steady.run(flags).stdout == "checked in p1 for 2026-11-30\n")
        let bad = try Steady.run(["checkin", "--patient", "p1", "--date", "2026-12-01", "--stress", "12", "--set", "mood=2", "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("steady: --set: unknown field 'mood' (fields: bont, date, "))
        #expect(bad.stderr.hasSuffix("steady: --stress: 'stress' is out of range (0..10)\n"))
        let both = try Steady.run(["checkin", "--patient", "p1", "--stress", "3", "--file", "x.yaml", "--db", db])
        #expect(both.status == 2 && both.stderr.contains("give the state one way: flags, --file or --import"))

        let csv = try Steady.run(["history", "--patient", "p1", "--format", "csv", "--db", db]).stdout
        #expect(csv.split(separator: "\n").last!.hasPrefix("p1,2026-11-30,"))
        #expect(csv.contains(",5,") && csv.contains(",6.5,") && csv.contains("reading;stress_event") && csv.contains("desk_office"))
        let file = folder.appendingPathComponent("p1.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let other = folder.appendingPathComponent("b.sqlite").path
        #expect(try Steady.run(["checkin", "--import", file.path, "--db", other]).stdout == "imported 1 check-in for 1 patient\n")
        #expect(try Steady.run(["history", "--format", "csv", "--db", other]).stdout == csv)
    }

    @Test func impactReportsThePlansARuleChangeWouldChange() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-cli-impact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("a.sqlite").path
        let base = FileManager.default.currentDirectoryPath + "/rules/cervical-dystonia"
        try "ruleset: clinic\nversion: 1\nimports: ['\(base)']\nparams: {high_stress: 6}\n"
            .write(to: folder.appendingPathComponent("clinic.yaml"), atomically: true, encoding: .utf8)
        for (patient, stress) in [("p1", "6"), ("p2", "3")] {
            _ = try Steady.run(["checkin", "--patient", patient, "--date", "2026-11-24", "--stress", stress, "--db", db])
        }
        let output = try Steady.run(["impact", "--rules", folder.path, "--days", "7", "--db", db])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init)
        #expect(lines == ["2026-11-18 to 2026-11-24: 2 check-ins of 2 patients replayed", "1 plan of 1 patient would change: p1", "",
                          "p1 2026-11-24", "  + breathing_diaphragmatic  (by high-stress-breathing)",
                          "  - goal_setting_review  (was by monthly-goals; now: no rule recommends it)", ""])
        let json = try Steady.run(["impact", "--rules", folder.path, "--days", "7", "--format", "json", "--db", db])
        #expect(json.stdout.contains("\"changed_patients\" : [\n    \"p1\"\n  ]"))
        #expect(try Steady.run(["impact", "--db", db]).status == 2)
    }

    @Test func aForeignFileIsRefused() throws {
        let output = try Steady.run(["audit", "verify", "--db", "README.md"])
        #expect(output.status == 1)
        #expect(output.stderr == "steady: 'README.md' is not a Steady database (another program's, or damaged); nothing was changed. Use --db to choose another.\n")
    }
}
