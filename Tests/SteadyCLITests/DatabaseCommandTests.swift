import Foundation
import Testing
import SteadyTestSupport

/// `steady db migrate`, `steady db copy`, and who may upgrade a schema.
struct DatabaseCommandTests {
    func scratch() throws -> URL {
        let folder = ScratchFolder.root.appendingPathComponent("steady-cli-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aServerRefusesAnOlderSchemaThatMigrateThenUpgrades() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("steady.sqlite").path
        #expect(try Steady.run(["db", "migrate", "--db", db]).stdout == "\(db): applied v1, v2, v3, v4, v5, v6, v7, v8; schema v8\n")
        #expect(try Steady.run(["db", "migrate", "--db", db]).stdout == "\(db) is up to date (schema v8)\n")
        // As an older Steady left it: without the last migration.
        try Steady.sqlite(db, "DELETE FROM grdb_migrations WHERE identifier = 'v8'; DROP INDEX checkin_version;")
        let serve = try Steady.run(["serve", "--port", "0", "--db", db])
        #expect(serve.status == 1)
        #expect(serve.stderr == "steady: '\(db)' was written by an older Steady and must be upgraded first; nothing was changed. Run `steady db migrate --db \(db)` (with the audit key) once, with every server stopped.\n")
        #expect(try Steady.run(["db", "migrate", "--db", db]).stdout == "\(db): applied v8; schema v8\n")
    }

    @Test func copyMovesAClinicAndItsChainVerifies() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let from = folder.appendingPathComponent("from.sqlite").path, to = folder.appendingPathComponent("to.sqlite").path
        for patient in ["p1", "p2"] {
            #expect(try Steady.run(["checkin", "--patient", patient, "--file", "examples/workday-high-stress.yaml", "--db", from]).status == 0)
        }
        let head = try Steady.run(["audit", "verify", "--db", from]).stdout.split(separator: "\n").last.map(String.init)
        let copy = try Steady.run(["db", "copy", "--from", from, "--to", to])
        #expect(copy.status == 0)
        #expect(copy.stdout.hasPrefix("copied 4 rows into \(to); its audit chain verifies (2 entries, head 2:"))
        #expect(try Steady.run(["audit", "verify", "--db", to]).stdout.split(separator: "\n").last.map(String.init) == head)
        // Never into a database that holds records.
        let again = try Steady.run(["db", "copy", "--from", from, "--to", to])
        #expect(again.status == 1 && again.stderr.contains("is not empty; nothing was copied"))
    }

    @Test func anUnusableAddressIsAClearError() throws {
        let output = try Steady.run(["history", "--patient", "p1", "--db", "postgres://db.example/clinic"])
        #expect(output.status == 1)
        #expect(output.stderr == "steady: the PostgreSQL address is not usable: it names no user. Write it as postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require].\n")
    }
}
