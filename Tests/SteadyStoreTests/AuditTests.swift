import Foundation
import GRDB
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules
@testable import SteadyStore
import SteadyTestSupport

/// The audit chain against someone who can write the database but not read the key, plans
/// stored as records, snapshots of everything that shapes a plan, and databases from before.
struct AuditTests {
    let support = StoreTests()

    /// What someone who can write the database but has no key can do: rewrite every entry as an
    /// unkeyed one (no time, no actor), with its payload hash and old-style hash recomputed.
    func downgradeToUnkeyed(_ db: any SQLTransaction) throws {
        var previous = ""
        for entry in try db.fetchAll("SELECT * FROM audit ORDER BY id") {
            let columns = try #require(Store.texts(entry, ["id", "kind", "ref"]))
            let (id, kind, ref) = (try #require(Int64(columns[0])), columns[1], columns[2])
            let payload = try #require(try Store.payload(db, kind: kind, ref: ref, scheme: .legacy))
            let payloadHash = Store.sha256(payload)
            let hash = Store.legacyEntryHash(previous: previous, kind: kind, ref: ref, payloadHash: payloadHash)
            try db.execute("UPDATE audit SET scheme = 'sha256', time = '', actor = '', payload_hash = ?, prev_hash = ?, hash = ? WHERE id = ?",
                           [payloadHash, previous, hash, id])
            previous = hash
        }
    }

    @Test func aChainRecomputedWithPlainSHA256FailsItsAuthenticationCodes() throws {
        let (store, _, path) = try support.storedPlan()
        // The attacker edits check-in 1, and recomputes its payload hash and every entry's hash
        // and link the way the code does, but without the key.
        try TestDatabase.raw(path) { db in
            try db.execute("UPDATE checkin SET state = replace(state, '8', '2') WHERE id = 1")
            let row = try #require(try db.fetchOne("SELECT * FROM checkin WHERE id = 1"))
            let fields = try #require(Store.checkInFields(row))
            try db.execute("UPDATE audit SET payload_hash = ? WHERE id = 1", [Store.sha256(Store.encode(fields))])
            var previous = ""
            for entry in try db.fetchAll("SELECT * FROM audit ORDER BY id") {
                let columns = try #require(Store.texts(entry, ["id", "kind", "ref", "time", "actor", "payload_hash"]))
                let id = try #require(Int64(columns[0]))
                let fields = Store.entryFields(id: id, previous: previous, kind: columns[1], ref: columns[2], time: columns[3],
                                               actor: columns[4], payloadHash: columns[5])
                let hash = Store.sha256(Store.encode(fields))
                try db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [previous, hash, id])
                previous = hash
            }
        }
        #expect(try store.verifyAudit().problem == "audit entry #1 (checkin 1) fails its authentication code (edited, or written without the audit key)")
        // Without the key the recomputed chain is consistent: verify says it checked integrity only.
        let keyless = try Store(database: path).verifyAudit()
        #expect(keyless.problem == nil && !keyless.authenticated)
    }

    @Test func aChainRewrittenAsUnkeyedEntriesIsCaught() throws {
        let (store, _, path) = try support.storedPlan()
        // Every entry turned into an old-style (pre-v3) entry, with the old hash recomputed.
        try TestDatabase.raw(path, downgradeToUnkeyed)
        #expect(try store.verifyAudit().problem
            == "audit entry #5 (plan 1) logs a plan stored as a record (schema v3 or later) without the audit key (forged)")
    }

    @Test func aChainOfCheckInsDowngradedToUnkeyedEntriesFailsWithTheKey() throws {
        let path = support.scratch()
        let store = try support.open(path)
        let schema = try #require(try support.shipped().ruleSet).schema
        for day in ["2026-11-23", "2026-11-24"] {
            try store.checkIn(patient: "p1", facts: support.facts(day, ["stress": .integer(5)], schema: schema))
        }
        try TestDatabase.raw(path) { db in
            try db.execute("UPDATE checkin SET state = replace(state, '5', '9') WHERE id = 2")
            try downgradeToUnkeyed(db)
        }
        #expect(try store.verifyAudit().problem
            == "the 2 entries from before schema v3 are not sealed by a keyed entry: the chain was rewritten without the audit key")
    }

    @Test(arguments: [
        ("INSERT INTO checkin (patient, day, state, version, current) VALUES ('p1', '2026-11-25', '{\"date\":\"2026-11-25\"}', 1, 1)",
         "the checkin record 4 has no audit entry (inserted behind Steady's back)"),
        ("UPDATE checkin SET current = 0 WHERE id = 3", "the current check-in of p1 on 2026-11-24 is not its latest version (edited)"),
        ("INSERT INTO audit (id, kind, ref, payload_hash, prev_hash, hash, time, actor, scheme) SELECT 6, kind, ref, payload_hash, hash, hash, time, actor, scheme FROM audit WHERE id = 5",
         "audit entry #6 (plan 1) fails its authentication code (edited, or written without the audit key)"),
    ])
    func rowsBesideTheChainAreCaught(_ sql: String, _ problem: String) throws {
        let (store, _, path) = try support.storedPlan()
        try TestDatabase.tamper(path, sql)
        #expect(try store.verifyAudit().problem == problem)
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func anotherProgramsSQLiteFileIsRefusedUntouched() throws {
        let path = support.scratch()
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE checkin (x TEXT); INSERT INTO checkin VALUES ('theirs')") }
        try queue.close()
        let before = FileManager.default.contents(atPath: path)
        #expect(throws: StoreError.notADatabase(path: path)) { try support.open(path) }
        #expect(throws: StoreError.notADatabase(path: path)) { try Store(database: path, readOnly: true) }
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func aDatabaseWithoutWritePermissionCanBeVerified() throws {
        let (_, _, path) = try support.storedPlan()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
        let verification = try Store(database: path, auditKey: StoreTests.key, readOnly: true).verifyAudit()
        #expect(verification.problem == nil && verification.entries == 5)
    }

    /// SQLite keeps any type in any column; PostgreSQL refuses these edits themselves.
    @Test(.enabled(if: TestDatabase.isSQLite), arguments: ["UPDATE checkin SET version = 'two' WHERE id = 3", "UPDATE checkin SET day = 20261124 WHERE id = 3",
                      "UPDATE checkin SET day = x'00ff' WHERE id = 3", "UPDATE plan SET record = 7"])
    func tamperedRowsAreReportedNotTrappedOn(_ sql: String) throws {
        let (store, _, path) = try support.storedPlan()
        try TestDatabase.tamper(path, sql)
        let schema = try #require(try support.shipped().ruleSet).schema
        #expect(try store.verifyAudit().problem != nil)
        // Reading and writing around the tampered row throw or carry on; they never trap.
        _ = try? store.lastCheckInDay(patient: "p1")
        _ = try? store.allCheckIns()
        _ = try? store.history(patient: "p1", before: Day(iso: "2026-11-25")!, days: 30, schema: schema)
        _ = try? store.checkIn(patient: "p1", facts: support.facts("2026-11-24", ["stress": .integer(1)], schema: schema))
        _ = try? store.suggested(patient: "p1", before: Day(iso: "2026-11-25")!, days: 30)
        _ = try? store.replay(planID: 1)
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func commandsThatOnlyReadNeverCreateADatabase() {
        let path = support.scratch()
        #expect(throws: StoreError.noDatabase(path: path)) { try Store(database: path, readOnly: true) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aDeletedNewestEntryFailsAgainstTheHeadWrittenDown() throws {
        let (store, _, path) = try support.storedPlan()
        let before = try store.verifyAudit()
        #expect(before.entries == 5 && before.head.count == 64)
        try TestDatabase.tamper(path, "DELETE FROM audit WHERE id = 5")
        #expect(try store.verifyAudit().problem == "the plan record 1 has no audit entry (inserted behind Steady's back)")
        // The plan deleted with its entry: a shorter chain, consistent on its own.
        try TestDatabase.tamper(path, "DELETE FROM plan WHERE id = 1")
        #expect(try store.verifyAudit().problem == nil)
        #expect(try store.verifyAudit(expectedHead: (5, before.head)).problem
            == "the chain has 4 entries, fewer than the 5 written down: entries were deleted")
        let earlier = try store.verifyAudit()
        #expect(try store.verifyAudit(expectedHead: (4, earlier.head)).problem == nil)
        #expect(try store.verifyAudit(expectedHead: (4, String(repeating: "0", count: 64))).problem?.hasSuffix("the chain was rewritten") == true)
    }

    @Test func everyEntryCarriesItsTimeAndActor() throws {
        let (_, _, path) = try support.storedPlan()
        let rows = try TestDatabase.raw(path) { try $0.fetchAll("SELECT time, actor, scheme FROM audit") }.map { Store.texts($0, ["time", "actor", "scheme"]) }
        #expect(!rows.isEmpty && rows.allSatisfy { $0?[1] == "tests" && $0?[2] == "hmac-sha256" })
        #expect(rows.allSatisfy { $0?[0].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil })
    }

    @Test func theStoredRecordHoldsNoRendererSentence() throws {
        let (store, stored, _) = try support.storedPlan()
        let record = try #require(PlanRecord.decode(stored.record))
        let replayed = try store.replay(planID: stored.id)
        #expect(replayed.identical)
        let plan = replayed.planned.plan
        // Every sentence Steady's own renderers write for this plan: none is in the record, so
        // rewording any of them cannot change a stored record or its replay.
        let own = plan.removed.flatMap(\.causes).filter {
            switch $0 {
            case .suppressed, .contraindicated: false  // their reasons are the rule set's words
            default: true
            }
        }.map(PlanRenderer.describe)
        #expect(!own.isEmpty)
        let text = PlanRenderer(style: .text).render(plan)
        let framing = [PlanRenderer.disclaimer, PlanRenderer.describe(plan.budgetSource, minutes: plan.budgetMinutes)]
        for sentence in framing { #expect(text.contains(sentence)) }
        for sentence in framing + own { #expect(!stored.record.contains(sentence), "the record holds '\(sentence)'") }
        #expect(record.removed.flatMap(\.causes).map(\.code).contains("over_budget"))
    }

    @Test func replayNamesTheFieldsThatDiffer() throws {
        let (store, stored, path) = try support.storedPlan()
        var record = try #require(PlanRecord.decode(stored.record))
        let minutes = record.items[0].minutes
        record.items[0].minutes += 5
        record.budget.source = .stated
        // Edited behind Steady's back (the audit chain would say so too).
        try TestDatabase.raw(path) { try $0.execute("UPDATE plan SET record = ? WHERE id = ?", [record.encoded(), stored.id]) }
        #expect(try store.replay(planID: stored.id).differences == [
            "budget.source: \"stated\" → \"policy_default\"", "items[0].minutes: \(minutes + 5) → \(minutes)",
        ])
    }

    @Test func editingThePolicyLeavesOldAndNewPlansReplaying() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["actions.yaml", "policy.yaml"] {
            try FileManager.default.copyItem(at: StoreTests.root.appendingPathComponent("plans/\(name)"), to: folder.appendingPathComponent(name))
        }
        let store = try support.open(support.scratch())
        let rules = StoreTests.root.appendingPathComponent("rules/cervical-dystonia").path
        var today = support.facts("2026-11-24", ["stress": .integer(8), "pain": .integer(6)], schema: try #require(try support.shipped().ruleSet).schema)
        today.values.removeValue(forKey: "minutes_available")
        func storePlan() throws -> StoredPlan {
            let loaded = RuleLoader().load(paths: [rules, folder.path])
            let planner = try #require(Planner(loaded))
            try store.saveSnapshot(planner: planner, files: loaded.files)
            return try store.storePlan(patient: "p1", facts: today, planned: planner.plan(today))
        }
        let first = try storePlan()
        let policy = folder.appendingPathComponent("policy.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8)
        #expect(text.contains("time_budget_minutes: 45"))
        try text.replacingOccurrences(of: "time_budget_minutes: 45", with: "time_budget_minutes: 20").write(to: policy, atomically: true, encoding: .utf8)
        let second = try storePlan()
        #expect(first.snapshotHash != second.snapshotHash)
        #expect(try #require(PlanRecord.decode(first.record)).budget.minutes == 45)
        #expect(try #require(PlanRecord.decode(second.record)).budget.minutes == 20)
        #expect(try store.replay(planID: first.id).identical)
        #expect(try store.replay(planID: second.id).identical)
        #expect(try store.verifyAudit().problem == nil)
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func aVersion2DatabaseKeepsVerifyingAndReplayingAfterTheUpgrade() throws {
        let path = support.scratch()
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let loaded = try support.shipped()
        let planner = try #require(Planner(loaded))
        let today = support.facts("2026-11-24", ["stress": .integer(8)], schema: planner.ruleSet.schema)
        let planned = try planner.plan(today)
        // Rows and entries as Steady wrote them before schema v3.
        let queue = try DatabaseQueue(path: path)
        try SQLiteStoreDatabase.migrator.migrate(queue, upTo: "v2")
        try queue.write { db in
            var previous = ""
            func log(_ kind: String, _ ref: String, _ payload: String) throws {
                let payloadHash = Store.sha256(Data(payload.utf8))
                let hash = Store.legacyEntryHash(previous: previous, kind: kind, ref: ref, payloadHash: payloadHash)
                try db.execute(sql: "INSERT INTO audit (kind, ref, payload_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?)",
                               arguments: [kind, ref, payloadHash, previous, hash])
                previous = hash
            }
            let state = StateJSON.encode(today)
            try db.execute(sql: "INSERT INTO checkin (patient, day, state, version, current) VALUES ('p1', '2026-11-24', ?, 1, 1)", arguments: [state])
            try log("checkin", "1", "checkin\np1\n2026-11-24\n1\n\(state)")
            let files = String(decoding: try JSONSerialization.data(withJSONObject: loaded.files.sorted { $0.path < $1.path }
                .map { ["path": $0.path, "text": $0.text] }, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            let hash = planner.ruleSet.contentHash
            try db.execute(sql: "INSERT INTO ruleset (hash, name, version, files) VALUES (?, ?, ?, ?)",
                           arguments: [hash, planner.ruleSet.name, planner.ruleSet.version, files])
            try log("ruleset", hash, "ruleset\n\(hash)\n\(planner.ruleSet.name)\n\(planner.ruleSet.version)\n\(files)")
            let columns = ["p1", "2026-11-24", hash, state, "[]", try PlanJSON.encode(planned.plan),
                           planned.run.active.map { planned.run.firings[$0].rule }.joined(separator: " "), TraceJSON.encode(planned.run)]
            try db.execute(sql: "INSERT INTO plan (patient, day, ruleset_hash, state, history, plan, firings, trace) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: StatementArguments(columns))
            try log("plan", "1", (["plan"] + columns).joined(separator: "\n"))
        }
        try queue.close()

        // Verified without the key first: the old entries are consistent, and not sealed.
        let keyless = try Store(database: path).verifyAudit()
        #expect(keyless.problem == nil && keyless.entries == 3 && keyless.legacyEntries == 3 && !keyless.authenticated)
        // Opened with the key, they are sealed by a keyed entry.
        let store = try support.open(path)
        let old = try store.verifyAudit()
        #expect(old.problem == nil)
        #expect(old.entries == 4 && old.legacyEntries == 3)
        _ = try support.open(path)
        #expect(try store.verifyAudit().entries == 4, "sealed once")
        #expect(try store.replay(planID: 1).identical)
        #expect(try store.suggested(patient: "p1", before: Day(iso: "2026-11-25")!, days: 1).values.first == Set(planned.plan.items.map(\.action.id)))
        try store.checkIn(patient: "p1", facts: support.facts("2026-11-25", ["stress": .integer(3)], schema: planner.ruleSet.schema))
        let new = try store.verifyAudit()
        #expect(new.problem == nil && new.entries == 5 && new.legacyEntries == 3)
    }

    @Test func writingWithoutAKeyChangesNothing() throws {
        let path = support.scratch()
        let store = try Store(database: path)
        let schema = try #require(try support.shipped().ruleSet).schema
        #expect(throws: StoreError.noAuditKey) { try store.checkIn(patient: "p1", facts: support.facts("2026-11-24", [:], schema: schema)) }
        #expect(try store.allCheckIns().isEmpty)
    }

    @Test(.enabled(if: TestDatabase.isSQLite)) func theDatabaseAndTheKeyAreCreatedPrivate() throws {
        let path = support.scratch()
        _ = try support.open(path)
        let keyPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("keys/audit.key").path
        let key = try AuditKey.loadOrCreate(path: keyPath)
        #expect(try AuditKey.load(path: keyPath).map { $0.authenticate(Data("x".utf8)) } == key.authenticate(Data("x".utf8)))
        let mode = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try mode(path) == 0o600)
        #expect(try mode(keyPath) == 0o600)
        #expect(try mode(URL(fileURLWithPath: keyPath).deletingLastPathComponent().path) == 0o700)
        #expect(try mode(URL(fileURLWithPath: path).deletingLastPathComponent().path) == 0o700)
        try "not a key\n".write(toFile: keyPath, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try AuditKey.load(path: keyPath) }  // readable by others
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
        #expect(throws: StoreError.badAuditKey(path: keyPath)) { try AuditKey.load(path: keyPath) }
    }
}
