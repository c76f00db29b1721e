import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules

/// Check-ins, stored plans, rule-set snapshots and an authenticated, hash-chained audit log, in
/// one SQLite file (the default: nothing to start) or one PostgreSQL database (several servers
/// behind a load balancer): see ``StoreDatabase``.
///
/// ```swift
/// let key = try AuditKey.loadOrCreate(path: AuditKey.defaultPath())
/// let store = try Store(database: Store.defaultDatabase(), auditKey: key, actor: "dr-lee")
/// try store.checkIn(patient: "p1", facts: facts)
/// let history = try store.history(patient: "p1", before: today, days: Store.historyDays, schema: rules.schema)
/// ```
public final class Store: Sendable {
    /// How many earlier days of check-ins and plans a plan made from the store reads
    /// (`steady plan --patient`, impact analysis).
    public static let historyDays = 30

    /// The database file, or the PostgreSQL address without its password.
    public var location: String { database.location }
    /// Who writes: recorded with every audit entry.
    public let actor: String
    /// Authenticates audit entries; without it the store can read and verify integrity, not write.
    let auditKey: AuditKey?
    let database: any StoreDatabase

    /// `$STEADY_DB` (a file or a `postgres://` address), or `~/.steady/steady.sqlite`.
    public static func defaultDatabase(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
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

    /// Opens the store in `database`: a `postgres://` or `postgresql://` address
    /// (``PostgresAddress``) or a SQLite file's path, created (folder 0700, file 0600) if
    /// missing. A foreign or damaged database, a newer schema, an older one unless `upgrade` is
    /// ``SchemaUpgrade/migrate``, or a lock is an error, and the database is left as it was; an
    /// empty database is set up. Writes are logged as `actor` and authenticated with
    /// `auditKey`; without a key, writing throws ``StoreError/noAuditKey``. Opened with a key,
    /// entries from before schema v3 are sealed by a keyed entry (once).
    ///
    /// `readOnly` opens an existing database without changing it at all: nothing is created or
    /// migrated.
    public init(database: String, auditKey: AuditKey? = nil, actor: String = Store.defaultActor(), readOnly: Bool = false,
                upgrade: SchemaUpgrade = .migrate) throws(StoreError) {
        self.auditKey = auditKey
        self.actor = actor
        if let address = PostgresAddress.parse(database) {
            self.database = try PostgresStoreDatabase(address: try address.get(), readOnly: readOnly, upgrade: upgrade)
        } else {
            self.database = try SQLiteStoreDatabase(path: database, readOnly: readOnly, upgrade: upgrade)
        }
        if auditKey != nil, !readOnly, try read({ try Self.unsealedLegacyEntries($0) }) != nil {
            try write { try sealLegacyEntries($0) }
        }
    }

    private init(sharing store: Store, actor: String) {
        auditKey = store.auditKey
        database = store.database
        self.actor = actor
    }

    /// The same database (one connection pool), writing its audit entries as `actor`: a
    /// server's store for the account making one request.
    public func acting(as actor: String) -> Store { Store(sharing: self, actor: actor) }

    /// Whether each call waits on a database server's answers (PostgreSQL): a server then runs
    /// its handlers on threads of their own rather than Swift's cooperative pool.
    public var waitsOnNetwork: Bool { database.waitsOnNetwork }

    /// How many bytes the database takes on disk.
    public func size() throws(StoreError) -> Int { try database.size() }

    /// The names of the schema migrations applied to the database, oldest first.
    public func appliedMigrations() throws(StoreError) -> [String] { try database.appliedMigrations() }

    /// The schema migrations opening the store applied, oldest first (none when it was current).
    public var migrated: [String] { database.migrated }

    /// Runs `body` in one write transaction: everything or nothing is stored.
    func write<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T { try database.write(body) }

    /// ``write(_:)`` for async callers: the task waits for the writer without holding a thread
    /// (a server's requests queue for the one writer while others run).
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        try await database.write(body)
    }

    /// Runs `body` on one consistent snapshot of the database.
    func read<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T { try database.read(body) }

    /// The columns of `row` as text (whole numbers written out); nil when one is missing or holds
    /// anything else, as a tampered row can.
    static func texts(_ row: SQLRow, _ columns: [String]) -> [String]? {
        var values: [String] = []
        for column in columns {
            switch row[column] {
            case .text(let text): values.append(text)
            case .integer(let number): values.append(String(number))
            default: return nil
            }
        }
        return values
    }
}
