import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules
@testable import SteadyStore
import SteadyTestSupport

/// `steady impact`'s analysis: a rule change is replayed over stored check-ins.
struct ImpactAnalysisTests {
    let support = StoreTests()

    /// The shipped rules, and a clinic layer over them that lowers the high-stress threshold 7 → 6.
    func ruleSets() throws -> (old: ImpactAnalysis.Rules, new: ImpactAnalysis.Rules) {
        let folder = ScratchFolder.root.appendingPathComponent("steady-impact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let base = StoreTests.root.appendingPathComponent("rules/cervical-dystonia").path
        try "ruleset: clinic\nversion: 1\nimports: ['\(base)']\nparams: {high_stress: 6}\n"
            .write(to: folder.appendingPathComponent("clinic.yaml"), atomically: true, encoding: .utf8)
        let plans = StoreTests.root.appendingPathComponent("plans").path
        let old = try support.shipped()
        let new = RuleLoader().load(paths: [folder.path, plans])
        #expect(new.diagnostics.filter { $0.severity == .error }.isEmpty)
        return (.init(planner: try #require(Planner(old))), .init(planner: try #require(Planner(new))))
    }

    @Test func aThresholdChangeAffectsExactlyThePatientsWhoseHistoryCrossesIt() throws {
        let (old, new) = try ruleSets()
        let store = try support.open(support.scratch())
        let stressByPatient: [String: [Int]] = [
            "crosses": [5, 6, 4],  // 6 is high under the new threshold only
            "below": [5, 5, 4],
            "above": [8, 9, 8],     // high under both
            "crossed-long-ago": [5, 4, 4],
        ]
        for (patient, levels) in stressByPatient {
            for (offset, stress) in levels.enumerated() {
                try store.checkIn(patient: patient, facts: support.facts("2026-11-2\(offset + 2)", ["stress": .integer(stress)], schema: old.ruleSet.schema))
            }
        }
        try store.checkIn(patient: "crossed-long-ago", facts: support.facts("2026-10-01", ["stress": .integer(6)], schema: old.ruleSet.schema))
        let analysis = ImpactAnalysis(old: old, new: new)
        for jobs in [1, 2] {
            let report = try analysis.run(store: store, days: 30, jobs: jobs)
            #expect(report.first.description == "2026-10-26" && report.last.description == "2026-11-24")
            #expect(report.patients == 4 && report.plans == 12 && report.problems == [])
            #expect(report.changedPatients == ["crosses"])
            #expect(report.changes.map(\.day.description) == ["2026-11-23"])
            let added = try #require(report.changes.first).diff.added
            #expect(added.map(\.subject) == ["breathing_diaphragmatic"])
            #expect(added.first?.rules == ["high-stress-breathing"])
        }
        // Reaching back to October takes in the old crossing too.
        let wider = try analysis.run(store: store, days: 60, jobs: 2)
        #expect(wider.changedPatients == ["crossed-long-ago", "crosses"])
        #expect(try analysis.run(store: store, patients: ["below", "above"], days: 60, jobs: 2).changes.isEmpty)
    }

    /// Each day is replayed with the profile in force that day, as `plan --patient` plans it:
    /// a profile's injection date puts ice in the old plan, and a layer without the ice rule
    /// takes it out.
    @Test func daysAreReplayedWithTheProfileInForce() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-impact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = StoreTests.root.appendingPathComponent("rules/cervical-dystonia").path
        try "ruleset: clinic\nversion: 1\nimports: ['\(base)']\ndisable: [post-injection-care]\n"
            .write(to: folder.appendingPathComponent("clinic.yaml"), atomically: true, encoding: .utf8)
        let old = ImpactAnalysis.Rules(planner: try #require(Planner(try support.shipped())))
        let new = ImpactAnalysis.Rules(planner: try #require(Planner(RuleLoader().load(paths: [folder.path,
                                                                                               StoreTests.root.appendingPathComponent("plans").path]))))
        let store = try support.open(support.scratch())
        let injected = Day(iso: "2026-11-23")!
        try store.saveProfile(patient: "fresh", day: injected,
                              profile: Profile(values: ["bont.last_injection": .date(injected.daysSinceEpoch)], since: ["bont.last_injection": injected]))
        for patient in ["fresh", "no-profile"] {
            try store.checkIn(patient: patient, facts: support.facts("2026-11-24", ["stress": .integer(3)], schema: old.ruleSet.schema))
        }
        let report = try ImpactAnalysis(old: old, new: new).run(store: store, days: 7, jobs: 2)
        #expect(report.problems == [])
        #expect(report.changedPatients == ["fresh"])
        #expect(report.changes.first?.diff.removed.map(\.subject) == ["ice_injection_sites"])
    }
}
