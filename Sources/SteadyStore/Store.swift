import Crypto
import Foundation
import GRDB
import SteadyEngine
import SteadyPlan
import SteadyRules

/// Check-ins, stored plans, rule-set snapshots and a hash-chained audit log in one SQLite file
/// (through GRDB, in WAL mode).
///
/// ```swift
/// let store = try Store(path: Store.defaultPath())
/// try store.checkIn(patient: "p1", facts: facts)
/// let history = try store.history(patient: "p1", before: today, days: Store.historyDays, schema: rules.schema)
/// ```
public final class Store: Sendable {
    /// How many earlier days of check-ins and plans a plan made from the store reads
    /// (`steady plan --patient`, impact analysis).
    public static let historyDays = 30

    public let path: String
    let pool: DatabasePool

    /// `$STEADY_DB`, or `~/.steady/steady.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["STEADY_DB"], !path.isEmpty { return path }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".steady/steady.sqlite").path
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date. A
    /// foreign or damaged file, a newer schema, or a lock is an error, and the file is left as it was.
    public init(path: String) throws(StoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(2)
            pool = try DatabasePool(path: path, configuration: configuration)
            let applied = try pool.read { try Self.migrator.appliedIdentifiers($0) }
            let unknown = applied.subtracting(Self.migrator.migrations).sorted()
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown) }
            try Self.migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        } catch {
            throw .other("\(error)")
        }
    }

    static func translate(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: .notADatabase(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: .locked(path: path)
        default: .other("database error: \(error.message ?? "\(error.resultCode)")")
        }
    }

    /// Named, forward-only migrations.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "checkin") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("state", .text).notNull()
                table.column("version", .integer).notNull()
                table.column("current", .boolean).notNull()
            }
            try db.create(index: "checkin_current", on: "checkin", columns: ["patient", "day", "current"])
            try db.create(table: "ruleset") { table in
                table.column("hash", .text).primaryKey()
                table.column("name", .text).notNull()
                table.column("version", .text).notNull()
                table.column("files", .text).notNull()
            }
            try db.create(table: "plan") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("ruleset_hash", .text).notNull().references("ruleset")
                table.column("state", .text).notNull()
                table.column("history", .text).notNull()
                table.column("plan", .text).notNull()
                table.column("firings", .text).notNull()
            }
            try db.create(table: "audit") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("kind", .text).notNull()
                table.column("ref", .text).notNull()
                table.column("payload_hash", .text).notNull()
                table.column("prev_hash", .text).notNull()
                table.column("hash", .text).notNull()
            }
        }
        // v2: each plan keeps its run's full trace (TraceJSON); plans stored before have none.
        migrator.registerMigration("v2") { db in
            try db.alter(table: "plan") { table in table.add(column: "trace", .text).notNull().defaults(to: "") }
        }
        return migrator
    }()

    /// Runs `body` in one write transaction: everything or nothing is stored.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        } catch {
            throw .other("\(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        } catch {
            throw .other("\(error)")
        }
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
