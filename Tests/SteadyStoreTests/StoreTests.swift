import Foundation
import GRDB
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules
@testable import SteadyStore

struct StoreTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The audit key the tests write with.
    static let key = AuditKey(bytes: Array(repeating: 7, count: 32))

    /// A store on `path`, writing as "tests" under ``key``.
    func open(_ path: String) throws -> Store {
        try Store(database: path, auditKey: Self.key, actor: "tests")
    }

    /// A new, empty database on the backend under test.
    func scratch() -> String { TestDatabase.scratch() }

    func shipped() throws -> RuleLoader.Result {
        RuleLoader().load(paths: [Self.root.appendingPathComponent("rules/cervical-dystonia").path, Self.root.appendingPathComponent("plans").path])
    }

    func facts(_ day: String, _ values: [String: Value], schema: Schema) -> FactBase {
        var values = values
        values["date"] = .date(Day(iso: day)!.daysSinceEpoch)
        return FactBase(values: values, today: Day(iso: day))
    }

    @Test func reCheckingInTheSameDayReplacesAndKeepsTheEarlierVersion() throws {
        let store = try open(scratch())
        let schema = try #require(try shipped().ruleSet).schema
        try store.checkIn(patient: "p1", facts: facts("2026-11-24", ["stress": .integer(4)], schema: schema))
        let second = try store.checkIn(patient: "p1", facts: facts("2026-11-24", ["stress": .integer(8), "work.context": .string("remote")], schema: schema))
        #expect(second.version == 2)
        #expect(try store.checkIn(patient: "p1", on: Day(iso: "2026-11-24")!)?.state == #"{"date":"2026-11-24","stress":8,"work":{"context":"remote"}}"#)
        #expect(try store.checkIns(patient: "p1", through: Day(iso: "2026-11-24")!, days: 1).count == 1)
        let audit = try store.verifyAudit()
        #expect(audit.entries == 2 && audit.problem == nil)
    }

    @Test func historyComesFromEarlierCheckInsWithGaps() throws {
        let store = try open(scratch())
        let schema = try #require(try shipped().ruleSet).schema
        for (day, stress) in [("2026-11-20", 3), ("2026-11-22", 9), ("2026-11-23", 8), ("2026-11-24", 7)] {
            try store.checkIn(patient: "p1", facts: facts(day, ["stress": .integer(stress)], schema: schema))
        }
        try store.checkIn(patient: "p2", facts: facts("2026-11-23", ["stress": .integer(1)], schema: schema))
        let history = try store.history(patient: "p1", before: Day(iso: "2026-11-24")!, days: 3, schema: schema)
        #expect(history.keys.sorted().map(\.description) == ["2026-11-22", "2026-11-23"])
        #expect(history[Day(iso: "2026-11-22")!]?["stress"] == .integer(9))
    }

    /// Stores a plan for p1 on 2026-11-24 made with the shipped rules; returns the store and plan.
    func storedPlan() throws -> (Store, StoredPlan, String) {
        let path = scratch()
        let store = try open(path)
        let loaded = try shipped()
        let ruleSet = try #require(loaded.ruleSet)
        var today = facts("2026-11-24", ["stress": .integer(8), "pain": .integer(6)], schema: ruleSet.schema)
        try store.checkIn(patient: "p1", facts: facts("2026-11-23", ["stress": .integer(8)], schema: ruleSet.schema))
        try store.checkIn(patient: "p1", facts: facts("2026-11-22", ["stress": .integer(9)], schema: ruleSet.schema))
        try store.checkIn(patient: "p1", facts: today)
        today.history = try store.history(patient: "p1", before: today.today!, days: 30, schema: ruleSet.schema)
        let planner = try #require(Planner(loaded))
        try store.saveSnapshot(planner: planner, files: loaded.files)
        let stored = try store.storePlan(patient: "p1", facts: today, planned: planner.plan(today))
        return (store, stored, path)
    }

    @Test func replayIsIdenticalAfterTheLiveRulesChange() throws {
        let (store, stored, _) = try storedPlan()
        #expect(stored.firings.contains("stress-three-days-running"))
        #expect(try store.replay(planID: stored.id).identical)
        // The snapshot, not the live files, is what a replay uses; a changed snapshot would show.
        #expect(try store.snapshot(hash: stored.snapshotHash).count == 14)
        let audit = try store.verifyAudit()
        #expect(audit.entries == 5 && audit.problem == nil && audit.authenticated && audit.legacyEntries == 0)
    }

    @Test(arguments: [
        ("UPDATE checkin SET state = replace(state, '8', '2') WHERE id = 1", "the checkin record 1 of audit entry #1 (checkin 1) was changed after it was logged"),
        ("DELETE FROM checkin WHERE id = 2", "the checkin record 2 of audit entry #2 (checkin 2) is missing or unreadable"),
        ("DELETE FROM audit WHERE id = 2", "audit entries #2...#2 are missing"),
        ("UPDATE audit SET ref = CASE id WHEN 1 THEN '2' WHEN 2 THEN '1' END, payload_hash = CASE id WHEN 1 THEN (SELECT payload_hash FROM audit WHERE id = 2) ELSE (SELECT payload_hash FROM audit WHERE id = 1) END WHERE id IN (1, 2)",
         "audit entry #1 (checkin 2) fails its authentication code (edited, or written without the audit key)"),
        ("UPDATE audit SET id = 9 WHERE id = 2", "audit entries #2...#2 are missing"),
        ("UPDATE plan SET record = replace(record, 'breathing', 'walking')", "the plan record 1 of audit entry #5 (plan 1) was changed after it was logged"),
        // Text moved from one column to the next: the fields are length-prefixed, so the payload changes.
        ("UPDATE checkin SET patient = patient || substr(state, 1, 1), state = substr(state, 2) WHERE id = 1",
         "the checkin record 1 of audit entry #1 (checkin 1) was changed after it was logged"),
        ("UPDATE checkin SET day = 'not a day' WHERE id = 2", "the checkin record 2 of audit entry #2 (checkin 2) was changed after it was logged"),
        ("UPDATE audit SET actor = 'someone else' WHERE id = 3", "audit entry #3 (checkin 3) fails its authentication code (edited, or written without the audit key)"),
        ("UPDATE plan SET trace = replace(trace, '\"stress\"', '\"strain\"')", "the plan record 1 of audit entry #5 (plan 1) was changed after it was logged"),
    ])
    func verifyNamesTheFirstTamperedRecord(_ sql: String, _ problem: String) throws {
        let (store, _, path) = try storedPlan()
        try TestDatabase.tamper(path, sql)
        #expect(try store.verifyAudit().problem == problem)
    }

    /// SQLite keeps text in an integer column; PostgreSQL refuses the edit itself.
    @Test(.enabled(if: TestDatabase.isSQLite)) func verifyNamesAVersionEditedToText() throws {
        let (store, _, path) = try storedPlan()
        try TestDatabase.tamper(path, "UPDATE checkin SET version = 'two' WHERE id = 2")
        #expect(try store.verifyAudit().problem == "the checkin record 2 of audit entry #2 (checkin 2) was changed after it was logged")
    }

    @Test func theFullTraceIsStoredAndReplayComparesIt() throws {
        let (store, stored, path) = try storedPlan()
        let trace = try #require(try JSONSerialization.jsonObject(with: Data(stored.trace.utf8)) as? [[String: Any]])
        let firings = trace.filter { $0["kind"] as? String == "firing" }
        #expect(firings.map { $0["rule"] as! String }.contains("stress-three-days-running"))
        #expect(trace.contains { $0["kind"] as? String == "miss" })
        #expect(trace.contains { $0["kind"] as? String == "input" && $0["fact"] as? String == "stress" && $0["value"] as? String == "8" })
        // An edited trace no longer matches its replay (and the audit chain says so too).
        try TestDatabase.tamper(path, #"UPDATE plan SET trace = replace(trace, '"fact":"stress","kind":"input","value":"8"', '"fact":"stress","kind":"input","value":"3"')"#)
        #expect(try store.replay(planID: stored.id).differences == [
            #"trace - {"fact":"stress","kind":"input","value":"3"},"#, #"trace + {"fact":"stress","kind":"input","value":"8"},"#,
        ])
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func aVersion1DatabaseIsUpgraded() throws {
        let path = scratch()
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try SQLiteStoreDatabase.migrator.migrate(queue, upTo: "v1")
        #expect(try queue.read { try $0.columns(in: "plan").map(\.name) }.contains("trace") == false)
        try queue.close()
        _ = try open(path)
        #expect(try DatabaseQueue(path: path).read { try $0.columns(in: "plan").map(\.name) }.contains("trace"))
    }

    @Test func aFailedPlanLeavesNoRows() throws {
        let path = scratch()
        let store = try open(path)
        let loaded = try shipped()
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        let today = facts("2026-11-24", ["stress": .integer(8)], schema: ruleSet.schema)
        let planned = try Planner(ruleSet: ruleSet, catalog: catalog).plan(today)
        // No snapshot saved: the plan's snapshot reference fails, and the transaction rolls back.
        #expect(throws: StoreError.self) { try store.storePlan(patient: "p1", facts: today, planned: planned) }
        let counts = try TestDatabase.raw(path) { db in
            (try db.integer("SELECT COUNT(*) FROM plan")!, try db.integer("SELECT COUNT(*) FROM audit")!)
        }
        #expect(counts.0 == 0 && counts.1 == 0)
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func foreignOrDamagedFilesAreRefusedUntouched() throws {
        let path = scratch()
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try Store(database: path) }
        #expect(FileManager.default.contents(atPath: path) == garbage)
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func aNewerSchemaIsRefused() throws {
        let path = scratch()
        _ = try open(path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9')") }
        try queue.close()
        #expect(throws: StoreError.newerSchema(path: path, unknown: ["v9"])) { try Store(database: path) }
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func aLockedDatabaseIsReportedAndNothingChanges() throws {
        let path = scratch()
        let store = try open(path)
        let schema = try #require(try shipped().ruleSet).schema
        // Another process holds the write lock for as long as this test needs.
        let other = try DatabaseQueue(path: path)
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.write { _ in
                holding.signal()
                release.wait()
            }
            finished.signal()
        }
        holding.wait()
        #expect(throws: StoreError.locked(path: path)) {
            try store.checkIn(patient: "p1", facts: facts("2026-11-24", ["stress": .integer(4)], schema: schema))
        }
        release.signal()
        finished.wait()
        #expect(try store.checkIns(patient: "p1", through: Day(iso: "2026-11-24")!, days: 1).isEmpty)
    }
}
