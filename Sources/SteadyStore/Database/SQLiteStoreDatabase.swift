import Foundation
import GRDB

/// The embedded backend: one SQLite file (through GRDB, in WAL mode), created readable by its
/// owner only. SQLite itself serialises writers, also across processes.
final class SQLiteStoreDatabase: StoreDatabase {
    let location: String
    var waitsOnNetwork: Bool { false }
    let migrated: [String]
    /// A pool (WAL) for a store that writes; a read-only queue for one that only reads.
    private let pool: any DatabaseWriter

    /// Opens the file at `path` (creating it, folder 0700 and file 0600, unless `readOnly`). A
    /// foreign or damaged file, a newer schema, an older one that may not be upgraded, or a lock
    /// is an error, and the file is left as it was. `readOnly` changes nothing at all (a file or
    /// folder without write permission is fine).
    init(path: String, readOnly: Bool, upgrade: SchemaUpgrade) throws(StoreError) {
        location = path
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
            let current = applied == Set(Self.migrator.migrations)
            if readOnly {
                guard current else { throw StoreError.olderSchema(path: path) }
                pool = probe
                migrated = []
                return
            }
            guard current || applied.isEmpty || upgrade == .migrate else { throw StoreError.olderSchema(path: path) }
            try probe.close()
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            migrated = Self.migrator.migrations.filter { !applied.contains($0) }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.translate(error, path: path)
        } catch {
            throw .other("\(error)")
        }
    }

    func read<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T {
        do { return try pool.read { db in try body(SQLiteTransaction(db: db)) } } catch { throw storeError(error) }
    }

    func write<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T {
        do { return try pool.write { db in try body(SQLiteTransaction(db: db)) } } catch { throw storeError(error) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLTransaction) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write { db in try body(SQLiteTransaction(db: db)) } } catch { throw storeError(error) }
    }

    func size() throws(StoreError) -> Int {
        [location, location + "-wal"].reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0)
        }
    }

    /// SQLite assigns the next rowid after the largest one anyway.
    func advanceIdentities(_ db: any SQLTransaction, tables: [String]) throws {}

    func appliedMigrations() throws(StoreError) -> [String] {
        do {
            let applied = try pool.read { db in try Self.migrator.appliedMigrations(db) }
            return applied
        } catch { throw storeError(error) }
    }

    /// An error of a transaction as the store reports it.
    private func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: error
        case let error as DatabaseError: Self.translate(error, path: location)
        default: .other("\(error)")
        }
    }

    static func translate(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: .notADatabase(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: .locked(path: path)
        default: .other("database error: \(error.message ?? "\(error.resultCode)")")
        }
    }
}

/// A GRDB transaction seen as an ``SQLTransaction``. Every statement is cached: the store's
/// statements are fixed texts, so the cache stays small.
struct SQLiteTransaction: SQLTransaction {
    let db: Database

    func fetchAll(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        var rows: [SQLRow] = []
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        while let row = try cursor.next() {
            rows.append(SQLRow(columns: columns, values: row.databaseValues.map(Self.value)))
        }
        return rows
    }

    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws {
        if arguments.isEmpty {
            try db.execute(sql: sql)  // may be several statements
        } else {
            try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        }
    }

    func insert(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int64 {
        try execute(sql, arguments)
        return db.lastInsertedRowID
    }

    private static func arguments(_ arguments: [any SQLArgument]) -> StatementArguments {
        StatementArguments(arguments.map { argument -> DatabaseValue in
            switch argument.sqlValue {
            case .text(let text): text.databaseValue
            case .integer(let number): number.databaseValue
            case .null, .unsupported: .null
            }
        })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .string(let text): .text(text)
        case .int64(let number): .integer(number)
        case .null: .null
        case .double, .blob: .unsupported
        }
    }
}
