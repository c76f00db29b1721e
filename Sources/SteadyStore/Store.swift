import Foundation
import GRDB
import SteadyEngine
import SteadyPlan
import SteadyRules

/// Check-ins, stored plans, rule-set snapshots and an authenticated, hash-chained audit log in
/// one SQLite file (through GRDB, in WAL mode), created readable by its owner only.
///
/// ```swift
/// let key = try AuditKey.loadOrCreate(path: AuditKey.defaultPath())
/// let store = try Store(path: Store.defaultPath(), auditKey: key, actor: "dr-lee")
/// try store.checkIn(patient: "p1", facts: facts)
/// let history = try store.history(patient: "p1", before: today, days: Store.historyDays, schema: rules.schema)
/// ```
public final class Store: Sendable {
    /// How many earlier days of check-ins and plans a plan made from the store reads
    /// (`steady plan --patient`, impact analysis).
    public static let historyDays = 30

    public let path: String
    /// Who writes: recorded with every audit entry.
    public let actor: String
    /// Authenticates audit entries; without it the store can read and verify integrity, not write.
    let auditKey: AuditKey?
    /// A pool (WAL) for a store that writes; a read-only queue for one that only reads.
    let pool: any DatabaseWriter

    /// `$STEADY_DB`, or `~/.steady/steady.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["STEADY_DB"], !path.isEmpty { return path }
        return home(environment) + "/.steady/steady.sqlite"
    }

    /// `$HOME`, else the user's home folder from the system.
    static func home(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    /// `$STEADY_ACTOR`, else the operating-system user.
    public static func defaultActor(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let actor = environment["STEADY_ACTOR"], !actor.isEmpty { return actor }
        return ProcessInfo.processInfo.userName
    }

    /// Opens the database at `path` and brings its schema up to date; creates it (folder 0700,
    /// file 0600) if it is missing. A foreign or damaged file, a newer schema, or a lock is an
    /// error, and the file is left as it was. Writes are logged as `actor` and authenticated with
    /// `auditKey`; without a key, writing throws ``StoreError/noAuditKey``. Opened with a key,
    /// entries from before schema v3 are sealed by a keyed entry (once).
    ///
    /// `readOnly` opens an existing database without changing it at all (a file or folder
    /// without write permission is fine): nothing is created or migrated.
    public init(path: String, auditKey: AuditKey? = nil, actor: String = Store.defaultActor(), readOnly: Bool = false) throws(StoreError) {
        self.path = path
        self.auditKey = auditKey
        self.actor = actor
        if !FileManager.default.fileExists(atPath: path) {
            guard !readOnly else { throw .noDatabase(path: path) }
            try PrivateFile.create(path: path, contents: Data(), existingIsFine: true)
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(2)
            // WAL with synchronous=NORMAL: a committed transaction survives any crash of Steady
            // (kill -9 included); only a power failure or an OS crash can lose the last moments'
            // commits, never corrupt the file. FULL would wait for the disk on every commit.
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            // Look before changing anything: even opening a pool switches the file to WAL.
            var inspecting = configuration
            inspecting.readonly = true
            let probe = try DatabaseQueue(path: path, configuration: inspecting)
            let (applied, tables) = try probe.read { db in
                (try db.tableExists("grdb_migrations") ? try Self.migrator.appliedIdentifiers(db) : [],
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") ?? 0)
            }
            // Another program's SQLite file: refused untouched, never migrated into.
            guard !applied.isEmpty || tables == 0 else { throw StoreError.notADatabase(path: path) }
            let unknown = applied.subtracting(Self.migrator.migrations).sorted()
            guard unknown.isEmpty else { throw StoreError.newerSchema(path: path, unknown: unknown) }
            if readOnly {
                guard applied == Set(Self.migrator.migrations) else { throw StoreError.olderSchema(path: path) }
                pool = probe
                return
            }
            try probe.close()
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            if auditKey != nil { try pool.write { try sealLegacyEntries($0) } }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        } catch {
            throw .other("\(error)")
        }
    }

    private init(sharing store: Store, actor: String) {
        path = store.path
        auditKey = store.auditKey
        pool = store.pool
        self.actor = actor
    }

    /// The same database (one connection pool), writing its audit entries as `actor`: a
    /// server's store for the account making one request.
    public func acting(as actor: String) -> Store { Store(sharing: self, actor: actor) }

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
        // v3: plans are stored as records (PlanRecord) keyed by the snapshot of everything that
        // shaped them; audit entries carry time, actor and their scheme (keyed from now on).
        migrator.registerMigration("v3") { db in
            try db.alter(table: "plan") { table in table.add(column: "record", .text).notNull().defaults(to: "") }
            try db.alter(table: "audit") { table in
                table.add(column: "time", .text).notNull().defaults(to: "")
                table.add(column: "actor", .text).notNull().defaults(to: "")
                table.add(column: "scheme", .text).notNull().defaults(to: AuditScheme.legacy.rawValue)
            }
        }
        // v4: patients' profiles (standing facts), one row per version, each with its audit entry.
        migrator.registerMigration("v4") { db in
            try db.create(table: "profile") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("version", .integer).notNull()
                table.column("state", .text).notNull()
                table.column("since", .text).notNull()
            }
            try db.create(index: "profile_patient", on: "profile", columns: ["patient", "day"])
        }
        // v5: the server's accounts, clinicians' patients, API tokens (by hash) and the log of
        // every access to patient data (accounts, assignments and accesses are audited); plans
        // indexed by patient and day.
        migrator.registerMigration("v5") { db in
            try db.create(table: "account") { table in
                table.column("name", .text).primaryKey()
                table.column("role", .text).notNull()
                table.column("patient", .text)
                table.column("password", .text).notNull()
            }
            try db.create(table: "assignment") { table in
                table.column("clinician", .text).notNull()
                table.column("patient", .text).notNull()
                table.primaryKey(["clinician", "patient"])
            }
            try db.create(table: "token") { table in
                table.column("hash", .text).primaryKey()
                table.column("account", .text).notNull()
                table.column("expires", .integer).notNull()
            }
            // Today's plan, resting actions and replays look plans up by patient and day.
            try db.create(index: "plan_patient_day", on: "plan", columns: ["patient", "day"])
            try db.create(table: "access") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("action", .text).notNull()
                table.column("patient", .text).notNull()
                table.column("ref", .text).notNull()
            }
        }
        // v6: patients' marks on their plan items (done, helpful, not for me), one audited row
        // per change; the latest change of a mark decides.
        migrator.registerMigration("v6") { db in
            try db.create(table: "mark") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("patient", .text).notNull()
                table.column("day", .text).notNull()
                table.column("action", .text).notNull()
                table.column("mark", .text).notNull()
                table.column("value", .integer).notNull()
                table.column("plan", .integer).notNull()
                table.column("time", .text).notNull()
            }
            try db.create(index: "mark_patient_day", on: "mark", columns: ["patient", "day"])
        }
        // v7: clinicians' feedback on CDS Hooks cards (accepted or overridden), each audited.
        migrator.registerMigration("v7") { db in
            try db.create(table: "cds_feedback") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("time", .text).notNull()
                table.column("actor", .text).notNull()
                table.column("card", .text).notNull()
                table.column("outcome", .text).notNull()
                table.column("reason", .text).notNull()
            }
        }
        return migrator
    }()

    /// Runs `body` in one write transaction: everything or nothing is stored.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw storeError(error) }
    }

    /// ``write(_:)`` for async callers: the task waits for the writer without holding a thread
    /// (a server's requests queue for the one writer while others run).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw storeError(error) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw storeError(error) }
    }

    /// An error of a transaction as the store reports it.
    private func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: error
        case let error as DatabaseError: Self.translate(error, path: path)
        default: .other("\(error)")
        }
    }

    /// The columns of `row` as text (whole numbers written out); nil when one is missing or holds
    /// anything else, as a tampered row can.
    static func texts(_ row: Row, _ columns: [String]) -> [String]? {
        var values: [String] = []
        for column in columns {
            guard row.hasColumn(column) else { return nil }
            let value: DatabaseValue = row[column]
            switch value.storage {
            case .string(let text): values.append(text)
            case .int64(let number): values.append(String(number))
            default: return nil
            }
        }
        return values
    }
}
