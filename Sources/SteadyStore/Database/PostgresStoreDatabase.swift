import Dispatch

/// The backend for several servers: one PostgreSQL database, through postgres-nio. Every
/// statement is a named prepared statement of its connection (parsed once per connection, its
/// arguments always bound, never spliced into the text).
///
/// Writers of every process are serialised by a transaction-scoped advisory lock taken first in
/// each write transaction: the audit chain is one linear chain whose head each write extends, so
/// writes could not run side by side anyway, and holding the lock makes every read-modify-write
/// in a write (the next check-in version, the next audit id) as safe as in SQLite. Reads run in
/// `REPEATABLE READ` read-only transactions, one consistent snapshot each, and never wait for
/// writers.
final class PostgresStoreDatabase: StoreDatabase {
    let location: String
    var waitsOnNetwork: Bool { true }
    let migrated: [String]
    private let connections: PostgresConnections

    init(address: PostgresAddress, readOnly: Bool, upgrade: SchemaUpgrade) throws(StoreError) {
        location = address.redacted
        let connections = try PostgresConnections(address: address)
        self.connections = connections
        let (applied, tables) = try connections.read { db in
            (try Self.appliedMigrations(db),
             try db.integer("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()") ?? 0)
        }
        guard !applied.isEmpty || tables == 0 else { throw .notADatabase(path: location) }
        let unknown = applied.filter { !StoreMigrations.names.contains($0) }
        guard unknown.isEmpty else { throw .newerSchema(path: location, unknown: unknown) }
        if applied == StoreMigrations.names {
            migrated = []
            return
        }
        if readOnly { throw applied.isEmpty ? .noDatabase(path: location) : .olderSchema(path: location) }
        guard applied.isEmpty || upgrade == .migrate else { throw .olderSchema(path: location) }
        migrated = try Self.migrate(connections)
    }

    func read<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T {
        try connections.read(body)
    }

    func write<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T {
        try connections.write(body)
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        // postgres-nio's blocking calls run on a dispatch thread, never on a cooperative one.
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(StoreError) -> T in try self.write(body) })
            }
        }
        return try result.get()
    }

    func size() throws(StoreError) -> Int {
        Int(try read { db in try db.integer("SELECT pg_database_size(current_database())") } ?? 0)
    }

    func advanceIdentities(_ db: any SQLTransaction, tables: [String]) throws {
        for table in tables {
            try db.execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST((SELECT MAX(id) FROM \(table)), 1))")
        }
    }

    func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try Self.appliedMigrations(db) }
    }

    /// The names in `steady_migrations` (none when the table does not exist), in the order
    /// they were applied.
    static func appliedMigrations(_ db: any SQLTransaction) throws -> [String] {
        guard try db.text("SELECT CAST(to_regclass('steady_migrations') AS TEXT)") != nil else { return [] }
        return try db.texts("SELECT name FROM steady_migrations ORDER BY applied_order")
    }

    /// Applies the migrations not applied yet, each in its own transaction; returns their names.
    private static func migrate(_ connections: PostgresConnections) throws(StoreError) -> [String] {
        var applied: [String] = []
        for migration in migrations {
            // Each step re-checks under the writer lock: two servers starting at once apply it once.
            let ran = try connections.write { db -> Bool in
                try db.execute("CREATE TABLE IF NOT EXISTS steady_migrations (name TEXT PRIMARY KEY, applied_order BIGINT NOT NULL, applied TEXT NOT NULL)")
                guard try db.integer("SELECT COUNT(*) FROM steady_migrations WHERE name = ?", [migration.name]) == 0 else { return false }
                try db.execute(migration.sql)
                try db.execute("""
                    INSERT INTO steady_migrations (name, applied_order, applied)
                    VALUES (?, (SELECT COUNT(*) + 1 FROM steady_migrations), ?)
                    """, [migration.name, Store.timestamp()])
                return true
            }
            if ran { applied.append(migration.name) }
        }
        return applied
    }
}

/// One transaction's statements on a checked-out connection.
struct PostgresTransaction: SQLTransaction {
    let session: PostgresSession

    func fetchAll(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        try session.run(sql, arguments)
    }

    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws {
        if arguments.isEmpty { try session.simple(sql) } else { _ = try session.run(sql, arguments) }
    }

    func insert(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int64 {
        guard let id = try session.run(sql + " RETURNING id", arguments).first?.firstInteger else {
            throw StoreError.other("an insert returned no id")
        }
        return id
    }
}
