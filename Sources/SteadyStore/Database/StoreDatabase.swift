/// Where a ``Store`` keeps its records: a SQLite file (``SQLiteStoreDatabase``, the embedded
/// default) or a PostgreSQL database (``PostgresStoreDatabase``, for several servers). The store's
/// logic — records, audit chain, verification — is written once against this protocol.
///
/// Both backends give the same guarantees: a write runs in one transaction with every other
/// writer (of any process) shut out until it commits, so the audit chain stays one linear chain
/// and a read-modify-write such as numbering a day's check-in versions cannot interleave; a
/// read sees one consistent snapshot. Errors come out as ``StoreError``s (an error the body
/// throws passes through, the transaction rolled back).
protocol StoreDatabase: Sendable {
    /// The file's path or the database's address without its password: what messages name.
    var location: String { get }

    func read<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T

    func write<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T

    /// ``write(_:)`` for async callers: the task waits for the writer without holding one of the
    /// cooperative threads.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T

    /// Whether each call waits on the network (a database server), not only on a local file.
    var waitsOnNetwork: Bool { get }

    /// How many bytes the database takes on disk (a SQLite file with its write-ahead log; a
    /// PostgreSQL database with its indexes).
    func size() throws(StoreError) -> Int

    /// After rows were copied in with their own ids (`steady db copy`): makes the ids the
    /// database assigns next follow the largest id of each of `tables`.
    func advanceIdentities(_ db: any SQLTransaction, tables: [String]) throws

    /// The names of the migrations applied, oldest first.
    func appliedMigrations() throws(StoreError) -> [String]

    /// The migrations opening the database applied, oldest first (none when it was current).
    var migrated: [String] { get }
}

/// Whether opening a store may bring an older schema up to date.
public enum SchemaUpgrade: Sendable {
    /// Apply missing migrations (`steady db migrate`; commands on a SQLite file, as they always did).
    case migrate
    /// Refuse a database at an older schema with ``StoreError/olderSchema(path:)`` (a server,
    /// or a command on PostgreSQL, which several servers share). An empty database is set up
    /// either way.
    case refuse
}

/// The migrations every backend has, by name, in order: each backend's schema steps carry
/// these names, so a database of either kind says the same about its version.
enum StoreMigrations {
    static let names = ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"]
}
