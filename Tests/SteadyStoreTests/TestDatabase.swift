import Foundation
@testable import SteadyStore
import SteadyTestSupport

/// The backend the store tests run on. The same tests run on SQLite files (always) and on
/// PostgreSQL databases when `STEADY_TEST_POSTGRES` names a server whose user may create
/// databases (`postgres://postgres@127.0.0.1:PORT/postgres`): `.ci/run` starts a throw-away
/// cluster and runs the store tests a second time so. Tests of what only one backend has (a
/// file's permissions, SQLite's column affinity) say so with `.enabled(if:)`.
enum TestDatabase {
    static var isSQLite: Bool { TestPostgres.address == nil }

    /// A new, empty database: a file in a new scratch folder, or a new PostgreSQL database.
    static func scratch() -> String {
        TestPostgres.newDatabase()
            ?? ScratchFolder.root.appendingPathComponent("steady-store-\(UUID().uuidString)/steady.sqlite").path
    }

    /// Runs `body` in a write transaction straight on the database at `location`, as someone
    /// who can write the database (but has no audit key) could.
    @discardableResult
    static func raw<T>(_ location: String, _ body: (any SQLTransaction) throws -> T) throws -> T {
        try Store(database: location).database.write(body)
    }

    /// Runs `sql` (several statements, without arguments) straight on the database at `location`.
    static func tamper(_ location: String, _ sql: String) throws {
        try raw(location) { try $0.execute(sql) }
    }
}
