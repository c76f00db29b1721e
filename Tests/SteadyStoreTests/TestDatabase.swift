import Foundation
@testable import SteadyStore

/// The backend the store tests run on. The same tests run on SQLite files (always) and on
/// PostgreSQL databases when `STEADY_TEST_POSTGRES` names a server whose user may create
/// databases (`postgres://postgres@127.0.0.1:PORT/postgres`): `.ci/run` starts a throw-away
/// cluster and runs the store tests a second time so. Tests of what only one backend has (a
/// file's permissions, SQLite's column affinity) say so with `.enabled(if:)`.
enum TestDatabase {
    static let postgres = ProcessInfo.processInfo.environment["STEADY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    static var isSQLite: Bool { postgres == nil }

    /// A new, empty database: a file in a new scratch folder, or a new PostgreSQL database.
    static func scratch() -> String {
        guard let postgres else {
            return FileManager.default.temporaryDirectory.appendingPathComponent("steady-store-\(UUID().uuidString)/steady.sqlite").path
        }
        let name = "steady_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        do {
            let address = try PostgresAddress.parse(postgres)!.get()
            try PostgresConnections(address: address).withSession { try $0.simple("CREATE DATABASE \(name)") }
            return "postgres://\(address.user)@\(address.host):\(address.port)/\(name)"
        } catch {
            fatalError("STEADY_TEST_POSTGRES=\(postgres): cannot create a test database: \(error)")
        }
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
