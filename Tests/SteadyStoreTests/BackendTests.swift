import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules
@testable import SteadyStore

/// What the two backends add to the store: several writers at once, schema checks on open,
/// copying a clinic between databases, and PostgreSQL addresses.
struct BackendTests {
    let support = StoreTests()

    /// Two stores on one database — two servers, each with its own connections — checking in
    /// overlapping patients at the same time: every check-in is stored once, each day's versions
    /// are 1, 2, … without a gap or a duplicate, and the audit chain is one intact chain.
    @Test func twoWritersAtOnceKeepOneChainAndUniqueVersions() throws {
        let location = support.scratch()
        let schema = try #require(try support.shipped().ruleSet).schema
        let stores = [try support.open(location), try support.open(location)]
        let perWriter = 60
        DispatchQueue.concurrentPerform(iterations: stores.count) { writer in
            for index in 0..<perWriter {
                // Patients p0…p4 on two days, from both writers: many same-day re-check-ins.
                let facts = support.facts(index % 2 == 0 ? "2026-11-23" : "2026-11-24", ["stress": .integer(index % 11)], schema: schema)
                _ = try? stores[writer].checkIn(patient: "p\(index % 5)", facts: facts)
            }
        }
        let versions = try TestDatabase.raw(location) { db in
            try db.fetchAll("SELECT patient, day, version FROM checkin ORDER BY patient, day, version").map { Store.texts($0, ["patient", "day", "version"])! }
        }
        #expect(versions.count == stores.count * perWriter)
        for (key, rows) in Dictionary(grouping: versions, by: { $0[0] + " " + $0[1] }) {
            #expect(rows.map { Int($0[2])! } == Array(1...rows.count), "versions of \(key)")
        }
        let verification = try stores[0].verifyAudit()
        #expect(verification.problem == nil && verification.entries == stores.count * perWriter)
    }

    @Test func copyingMovesEveryRecordAndTheChainVerifies() throws {
        let (source, stored, _) = try support.storedPlan()
        try source.setMarks([.done: true], action: try #require(PlanRecord.decode(stored.record)?.actions.first), planID: stored.id)
        try source.addAccount(name: "dr-lee", role: .clinician, patient: nil, passwordHash: "x")
        try source.assign(patient: "p1", to: "dr-lee")
        let target = try support.open(support.scratch())
        let counts = try source.copy(to: target)
        #expect(counts.first { $0.table == "checkin" }?.rows == 3 && counts.first { $0.table == "audit" }?.rows == 8)
        let before = try source.verifyAudit(), after = try target.verifyAudit()
        #expect(after.problem == nil && after.entries == before.entries && after.head == before.head)
        #expect(try target.replay(planID: stored.id).identical)
        // The copy goes on where the source stopped: the next ids follow the copied ones.
        let schema = try #require(try support.shipped().ruleSet).schema
        #expect(try target.checkIn(patient: "p2", facts: support.facts("2026-11-24", [:], schema: schema)).id == 4)
        #expect(try target.verifyAudit().problem == nil)
        // Only into an empty database.
        #expect(throws: StoreError.self) { try source.copy(to: target) }
    }

    @Test func aTamperedSourceIsNotCopied() throws {
        let (source, _, location) = try support.storedPlan()
        try TestDatabase.tamper(location, "UPDATE checkin SET state = replace(state, '8', '2') WHERE id = 1")
        let target = try support.open(support.scratch())
        #expect(throws: StoreError.self) { try source.copy(to: target) }
        #expect(try target.allCheckIns().isEmpty)
    }

    @Test func anOlderSchemaIsUpgradedOnlyWhenAllowedAndANewerOneNever() throws {
        let location = support.scratch()
        _ = try support.open(location)
        try TestDatabase.tamper(location, TestDatabase.isSQLite ? "DELETE FROM grdb_migrations WHERE identifier = 'v8'; DROP INDEX checkin_version"
                                                                : "DELETE FROM steady_migrations WHERE name = 'v8'; DROP INDEX checkin_version")
        #expect(throws: StoreError.olderSchema(path: location)) { try Store(database: location, auditKey: StoreTests.key, upgrade: .refuse) }
        let upgraded = try Store(database: location, auditKey: StoreTests.key, upgrade: .migrate)
        #expect(upgraded.migrated == ["v8"])
        #expect(try Store(database: location, upgrade: .refuse).migrated.isEmpty)
        try TestDatabase.tamper(location, TestDatabase.isSQLite ? "INSERT INTO grdb_migrations (identifier) VALUES ('v99')"
                                                                : "INSERT INTO steady_migrations (name, applied_order, applied) VALUES ('v99', 99, '')")
        #expect(throws: StoreError.newerSchema(path: location, unknown: ["v99"])) { try Store(database: location) }
    }

    @Test(arguments: [
        ("postgres://steady@db.example/clinic", "postgres://steady@db.example:5432/clinic", PostgresAddress.TLSMode.prefer, 8),
        ("postgresql://steady:secret@10.0.0.5:6543/clinic?sslmode=require&pool=32", "postgres://steady@10.0.0.5:6543/clinic", .require, 32),
    ])
    func addressesAreReadWithTheirDefaults(_ text: String, _ redacted: String, _ tls: PostgresAddress.TLSMode, _ pool: Int) throws {
        let address = try #require(PostgresAddress.parse(text, environment: [:])).get()
        #expect(address.redacted == redacted && address.tls == tls && address.poolSize == pool)
        #expect(!address.redacted.contains("secret"))
    }

    @Test func thePasswordCanComeFromTheEnvironment() throws {
        #expect(try PostgresAddress.parse("postgres://steady@db/clinic", environment: ["PGPASSWORD": "pw"])?.get().password == "pw")
        #expect(try PostgresAddress.parse("postgres://steady:mine@db/clinic", environment: ["PGPASSWORD": "pw"])?.get().password == "mine")
    }

    @Test(arguments: [
        ("postgres://db.example/clinic", "it names no user"), ("postgres://steady@db.example/", "it names no database"),
        ("postgres://steady@db.example/clinic?sslmode=verify", "sslmode must be disable, prefer or require"),
        ("postgres://steady@db.example/clinic?pool=0", "pool must be 1 to 64"), ("postgres://steady@db.example/clinic?pool=65", "pool must be 1 to 64"),
        ("postgres://steady@db.example/clinic?timeout=3", "unknown parameter 'timeout'"),
    ])
    func unusableAddressesSayWhy(_ text: String, _ problem: String) {
        guard case .failure(let error)? = PostgresAddress.parse(text, environment: [:]) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(error.description.contains(problem), "\(error)")
    }

    @Test func aFileIsNotAnAddress() {
        #expect(PostgresAddress.parse("/var/lib/steady/steady.sqlite") == nil)
        #expect(PostgresAddress.parse("postgres.sqlite") == nil)
    }

    @Test func statementsAreNumberedAndSplitOutsideQuotes() {
        #expect(PostgresSession.numbered("SELECT ? FROM t WHERE a = '?' AND b = ? AND c = ?", types: ["text", nil, "bigint"])
            == "SELECT $1::text FROM t WHERE a = '?' AND b = $2 AND c = $3::bigint")
        #expect(PostgresSession.statements("A; B ';' ; CREATE FUNCTION f() AS $$ BEGIN x; END $$; C;")
            == ["A", "B ';'", "CREATE FUNCTION f() AS $$ BEGIN x; END $$", "C"])
    }
}
