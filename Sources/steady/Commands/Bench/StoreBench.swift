import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady bench store`: check-in and plan times against a database with a long history, and
/// the size of the database.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Fill a scratch database with generated check-ins; time one check-in and one stored plan; report the file size.",
        discussion: """
            A SQLite file is removed first; a PostgreSQL database must be empty (a new one, e.g. createdb).

            Examples:
              steady bench store --patients 1000 --days 365 --db /tmp/bench.sqlite
              steady bench store --patients 1000 --days 365 --db postgres://steady@127.0.0.1/bench
            """
    )

    @Option(parsing: .unconditional, help: "How many patients, 1 to 1000000.") var patients = 1
    @Option(parsing: .unconditional, help: "How many days of check-ins each, 1 to 3650.") var days = 365
    @Option(help: ArgumentHelp("The scratch database: a SQLite file (removed first) or an empty PostgreSQL database.", valueName: "file-or-address"))
    var db: String

    func validate() throws {
        try Bounds.check(patients, Bounds.patients, "--patients")
        try Bounds.check(days, Bounds.days, "--days")
    }

    func run() throws {
        let postgres = PostgresAddress.parse(db) != nil
        let keyPath = postgres ? FileManager.default.temporaryDirectory.appendingPathComponent("steady-bench-\(UUID().uuidString).audit-key").path
                               : db + ".audit-key"
        if !postgres { try? FileManager.default.removeItem(atPath: db) }
        try? FileManager.default.removeItem(atPath: keyPath)
        defer { if postgres { try? FileManager.default.removeItem(atPath: keyPath) } }
        let loaded = try PlanInputs.load(rules: ["rules"], catalog: ["plans"])
        let store = try Store(database: db, auditKey: AuditKey.loadOrCreate(path: keyPath), actor: "bench")
        guard try store.auditEntries(limit: 1).isEmpty else { throw ValidationError("--db must be a new, empty database") }
        let today = Day(iso: "2026-11-24")!
        func state(_ patient: Int, _ day: Int) -> FactBase {
            let seed = patient &* 7919 &+ day &* 104_729
            return FactBase(values: [Schema.dateFact: .date(today.daysSinceEpoch - day), "stress": .integer(seed % 11), "pain": .integer((seed / 11) % 11),
                                     "fatigue": .integer((seed / 121) % 11), "sleep.hours": .number(Double(4 + (seed / 7) % 6))],
                            today: Day(today.daysSinceEpoch - day))
        }
        let clock = ContinuousClock()
        let fillStart = clock.now
        for patient in 0..<patients {
            _ = try store.checkIns((1...days).map { ("p\(patient)", state(patient, $0)) })
        }
        let fill = clock.now - fillStart
        let start = clock.now
        _ = try store.checkIn(patient: "p0", facts: state(0, 0))
        let checkIn = clock.now - start
        let planStart = clock.now
        var facts = state(0, 0)
        facts.history = try store.history(patient: "p0", before: today, days: Store.historyDays, schema: loaded.planner.ruleSet.schema)
        try store.saveSnapshot(planner: loaded.planner, files: loaded.files)
        _ = try store.storePlan(patient: "p0", facts: facts, planned: loaded.planner.plan(facts))
        let planTime = clock.now - planStart
        let size = try store.size()
        print(String(format: "{\"patients\": %d, \"days\": %d, \"fill_seconds\": %.2f, \"checkin_ms\": %.2f, \"plan_and_store_ms\": %.2f, \"database_mb\": %.1f}",
                     patients, days, fill.seconds, checkIn.seconds * 1000, planTime.seconds * 1000, Double(size) / 1_048_576))
    }
}
