import Foundation
import Testing
import SteadyTestSupport

/// steady profile, and how the profile and dates shape check-ins and plan --patient, on a small
/// rule set of its own (so the shipped content can change without touching these tests).
struct ProfileCommandTests {
    /// A scratch folder with a rule set (two standing facts), a catalog and a database path.
    struct Scratch {
        let folder: URL
        var db: String { folder.appendingPathComponent("steady.sqlite").path }
        var rules: [String] { ["--rules", folder.appendingPathComponent("rules").path] }
        var catalog: [String] { ["--catalog", folder.appendingPathComponent("plans").path] }

        init() throws {
            folder = ScratchFolder.root.appendingPathComponent("steady-profile-\(UUID().uuidString)")
            for sub in ["rules", "plans"] {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            try """
                ruleset: mini
                version: 1
                facts:
                  date: {type: date, required: true}
                  stress: {type: integer, min: 0, max: 10}
                  last_injection: {type: date, standing: true, max_age_days: 200, not_future: true, description: Date of the last injection}
                  context: {type: enum, values: [desk, manual], standing: true, labels: {desk: desk work, manual: manual work}, description: Your usual work}
                  red_flags: {type: set, values: [breathing], labels: {breathing: trouble breathing}}
                rules:
                  - id: fresh-injection
                    title: Fresh injection
                    when: "days_since(last_injection) <= 1"
                    then: [{recommend: ice, reason: "your injection was {days_since(last_injection)} day(s) ago"}]
                  - id: desk
                    title: Desk work
                    when: "context == 'desk'"
                    then: [{recommend: breaks, reason: "you do {context}"}]
                  - id: breathing
                    title: Trouble breathing
                    when: "'breathing' in red_flags"
                    then: [{alert: emergency, message: "Because you reported {red_flags}: call emergency services now."}]
                """.write(to: folder.appendingPathComponent("rules/mini.yaml"), atomically: true, encoding: .utf8)
            try """
                catalog: mini-actions
                version: 1
                actions:
                  - {id: ice, title: Cool the injection sites, category: body, minutes: 10, slot: any}
                  - {id: breaks, title: Movement breaks, category: work, minutes: 5, slot: midday}
                """.write(to: folder.appendingPathComponent("plans/actions.yaml"), atomically: true, encoding: .utf8)
        }

        func run(_ arguments: [String]) throws -> Steady.Output { try Steady.run(arguments + ["--db", db]) }

        /// `plan --patient p1 --date day --format json`, parsed.
        func plan(_ day: String) throws -> [String: Any] {
            let output = try run(["plan", "--patient", "p1", "--date", day, "--format", "json"] + rules + catalog)
            #expect(output.status == 0, "\(output.stderr)")
            return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
        }
    }

    static func actions(_ plan: [String: Any]) -> [String] {
        (plan["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
    }

    @Test func theProfileCarriesForwardAndTodaysCheckInWins() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let set = try scratch.run(["profile", "--patient", "p1", "--date", "2026-11-23", "--set", "last_injection=2026-11-23",
                                   "--set", "context=desk"] + scratch.rules)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == """
            saved version 1 of the profile of p1, holding from 2026-11-23
              context = desk work  (your usual work; set 2026-11-23)
              last_injection = 2026-11-23  (date of the last injection; set 2026-11-23)

            """)
        #expect(try scratch.run(["checkin", "--patient", "p1", "--date", "2026-11-24", "--stress", "3"] + scratch.rules + scratch.catalog).stdout
                == "checked in p1 for 2026-11-24\n")
        let plan = try scratch.plan("2026-11-24")
        #expect(Self.actions(plan) == ["breaks", "ice"])
        let profile = plan["profile"] as? [String: Any]
        #expect(profile?["from_profile"] as? [String: String] == ["context": "2026-11-23", "last_injection": "2026-11-23"])
        let reasons = (plan["items"] as? [[String: Any]] ?? []).flatMap { $0["reasons"] as? [String] ?? [] }
        #expect(reasons == ["you do desk work", "your injection was 1 day(s) ago"])

        // Today's check-in overrides the profile.
        _ = try scratch.run(["checkin", "--patient", "p1", "--date", "2026-11-24", "--set", "context=manual"] + scratch.rules + scratch.catalog)
        let again = try scratch.plan("2026-11-24")
        #expect(Self.actions(again) == ["ice"])
        #expect((again["profile"] as? [String: Any])?["from_profile"] as? [String: String] == ["last_injection": "2026-11-23"])

        // why and why-not explain the stored day, naming what came from the profile.
        let why = try scratch.run(["why", "ice", "--patient", "p1", "--date", "2026-11-24"] + scratch.rules + scratch.catalog)
        #expect(why.stdout.hasSuffix("""
              - Fresh injection
                you told Steady: date of the last injection 2026-11-23 (from your profile, updated 2026-11-23)

            """), "\(why.stdout)\(why.stderr)")
        let auditor = try scratch.run(["why", "ice", "--patient", "p1", "--date", "2026-11-24", "--audience", "auditor"] + scratch.rules + scratch.catalog)
        #expect(auditor.stdout.contains("read last_injection = 2026-11-23 [profile, updated 2026-11-23]"))
        let whyNot = try scratch.run(["why-not", "breaks", "--patient", "p1", "--date", "2026-11-24"] + scratch.rules + scratch.catalog)
        #expect(whyNot.stdout == """
            Movement breaks is not in today's plan: no rule suggested it today.
            - Desk work: it would be suggested if your usual work: desk work (now manual work).

            """)

        // Each plan replays identically, profile included; every profile version is in the chain.
        #expect(try scratch.run(["audit", "replay", "2"]).stdout == "plan #2: replay identical\n")
        #expect(try scratch.run(["audit", "verify"]).stdout.hasPrefix("audit chain intact: 6 entries\n"))
        try Steady.sqlite(scratch.db, "UPDATE profile SET since = '{}' WHERE id = 1")
        #expect(try scratch.run(["audit", "verify"]).stdout
                == "audit chain broken: the profile record 1 of audit entry #1 (profile 1) was changed after it was logged\n")
    }

    @Test func aProfileValueOlderThanItsMaximumAgeIsLeftOutAndThePlanSaysSo() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        _ = try scratch.run(["profile", "--patient", "p1", "--date", "2026-01-02", "--set", "last_injection=2026-01-01"] + scratch.rules)
        _ = try scratch.run(["checkin", "--patient", "p1", "--date", "2026-11-24", "--stress", "3"] + scratch.rules + scratch.catalog)
        let text = try scratch.run(["plan", "--patient", "p1", "--date", "2026-11-24"] + scratch.rules + scratch.catalog).stdout
        #expect(text.contains("\nNot used: your profile's date of the last injection was set on 2026-01-02, more than 200 days ago. "
                              + "Update it with: steady profile --set last_injection=...\n"))
        let plan = try scratch.plan("2026-11-24")
        let stale = (plan["profile"] as? [String: Any])?["stale"] as? [[String: Any]]
        #expect(stale?.count == 1 && stale?.first?["fact"] as? String == "last_injection" && stale?.first?["max_age_days"] as? Int == 200)
    }

    @Test func onlyStandingFactsAndSensibleDatesAreAccepted() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let notStanding = try scratch.run(["profile", "--patient", "p1", "--set", "stress=3"] + scratch.rules)
        #expect(notStanding.status == 1)
        #expect(notStanding.stderr == "steady: 'stress' is not a standing fact; standing facts: context, last_injection (report 'stress' in a check-in instead)\n")
        let badValue = try scratch.run(["profile", "--patient", "p1", "--set", "context=home"] + scratch.rules)
        #expect(badValue.status == 1 && badValue.stderr.hasPrefix("steady: --set: 'context' must be one of: desk, manual"))
        let ahead = try scratch.run(["profile", "--patient", "p1", "--date", "2099-01-01", "--set", "context=desk"] + scratch.rules)
        #expect(ahead.status == 2 && ahead.stderr.contains("--date 2099-01-01 is more than one day ahead"))
        let empty = try scratch.run(["profile", "--patient", "p1"] + scratch.rules)
        #expect(empty.status == 1 && empty.stderr == "steady: p1 has no profile yet; set one with --set\n")

        let future = try scratch.run(["checkin", "--patient", "p1", "--date", "2099-01-01", "--stress", "3"] + scratch.rules + scratch.catalog)
        #expect(future.status == 2 && future.stderr.contains("the check-in is dated 2099-01-01, more than one day ahead of today"))
        let file = scratch.folder.appendingPathComponent("future.yaml")
        try "date: 2099-01-01\nstress: 3\n".write(to: file, atomically: true, encoding: .utf8)
        let futureFile = try scratch.run(["checkin", "--patient", "p1", "--file", file.path] + scratch.rules + scratch.catalog)
        #expect(futureFile.status == 1 && futureFile.stderr.contains("the check-in is dated 2099-01-01"))
        let injectionAfter = try scratch.run(["checkin", "--patient", "p1", "--date", "2026-11-24", "--set", "last_injection=2026-11-30"]
                                             + scratch.rules + scratch.catalog)
        #expect(injectionAfter.status == 1)
        #expect(injectionAfter.stderr.contains("'last_injection' (2026-11-30) is after the state's date (2026-11-24)"))
        let noCheckIn = try scratch.run(["plan", "--patient", "p1", "--date", "2026-11-25"] + scratch.rules + scratch.catalog)
        #expect(noCheckIn.status == 1 && noCheckIn.stderr.hasPrefix("steady: no check-in for p1 on 2026-11-25; check in first"))
        // Nothing was stored by any of the refused commands.
        #expect(try scratch.run(["audit", "verify"]).stdout.hasPrefix("audit chain intact: 0 entries"))
    }

    @Test func aProfileTheRuleSetCannotReadIsReportedNotReplaced() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        _ = try scratch.run(["profile", "--patient", "p1", "--date", "2026-11-23", "--set", "context=desk"] + scratch.rules)
        // A later rule set without the 'context' fact.
        let renamed = scratch.folder.appendingPathComponent("renamed")
        try FileManager.default.createDirectory(at: renamed, withIntermediateDirectories: true)
        let original = try String(contentsOf: scratch.folder.appendingPathComponent("rules/mini.yaml"), encoding: .utf8)
        try original.replacingOccurrences(of: "context", with: "job").write(to: renamed.appendingPathComponent("mini.yaml"), atomically: true, encoding: .utf8)
        let change = try scratch.run(["profile", "--patient", "p1", "--date", "2026-11-24", "--set", "last_injection=2026-11-23", "--rules", renamed.path])
        #expect(change.status == 1)
        #expect(change.stderr == "steady: version 1 of the profile of p1 does not fit rule set 'mini' (a fact renamed or removed?)\n")
        #expect(try scratch.run(["profile", "--patient", "p1", "--history"] + scratch.rules).stdout.hasPrefix("version 1, from 2026-11-23:\n"))
    }

    @Test func aCheckInShowsItsAlertBeforeAnythingElse() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        let output = try scratch.run(["checkin", "--patient", "p1", "--date", "2026-11-24", "--set", "red_flags=breathing"]
                                     + scratch.rules + scratch.catalog)
        #expect(output.status == 0)
        #expect(output.stdout == """
            \(String(repeating: "!", count: 72))
            !! URGENT — GET HELP NOW: Because you reported trouble breathing: call emergency services now.
            \(String(repeating: "!", count: 72))

            checked in p1 for 2026-11-24

            """)
    }
}
