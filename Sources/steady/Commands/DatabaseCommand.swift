import ArgumentParser
import Foundation
import SteadyStore

/// `steady db`: set up and upgrade a database's schema, and move a clinic's data between databases.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Set up or upgrade a database's schema, or copy a clinic's data into a new database.",
        discussion: """
            A SQLite file is upgraded by any command that writes to it; a PostgreSQL database, which \
            several servers share, only by `steady db migrate`, run once with every server stopped \
            (a server refuses a database at an older or newer schema).

            Examples:
              steady db migrate --db postgres://steady@db.clinic.example/steady
              PGPASSWORD=… steady db copy --from ~/.steady/steady.sqlite --to postgres://steady@db.clinic.example/steady
            """,
        subcommands: [Migrate.self, Copy.self]
    )

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Bring the database's schema up to date (an empty database is set up), forward only.")

        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.open(upgrade: .migrate)
            let applied = try store.appliedMigrations()
            print(store.migrated.isEmpty ? "\(store.location) is up to date (schema \(applied.last ?? "none"))"
                  : "\(store.location): applied \(store.migrated.joined(separator: ", ")); schema \(applied.last ?? "none")")
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "copy",
            abstract: "Copy every record and the audit chain from one database into a new, empty one (SQLite to PostgreSQL, or back).",
            discussion: """
                The source's audit chain must verify first; everything is copied in one transaction \
                (all or nothing), with the same ids; then the target's chain is verified with the same \
                audit key. The source is only read.
                """)

        @Option(help: ArgumentHelp("The database to copy from: a SQLite file or a postgres:// address.", valueName: "file-or-address"))
        var from: String
        @Option(help: ArgumentHelp("The new, empty database to copy into: a SQLite file or a postgres:// address (set up if it is empty).", valueName: "file-or-address"))
        var to: String
        @Option(help: ArgumentHelp("The audit key of the source's chain (default: $STEADY_AUDIT_KEY, else ~/.steady/audit.key).", valueName: "file"))
        var auditKey: String?

        func run() throws {
            let keyPath = auditKey ?? AuditKey.defaultPath()
            guard let key = try AuditKey.load(path: keyPath) else {
                throw ValidationError("copying needs the audit key of the source's chain, and there is none at \(keyPath); pass --audit-key FILE")
            }
            let source = try Store(database: from, auditKey: key, readOnly: true)
            let target = try Store(database: to, auditKey: key, actor: Store.defaultActor())
            let counts = try source.copy(to: target) { table, rows in
                FileHandle.standardError.write(Data("copied \(table): \(rows) rows\n".utf8))
            }
            let verification = try target.verifyAudit()
            if let problem = verification.problem {
                throw StoreError.other("the copy's audit chain does not verify: \(problem)")
            }
            print("copied \(counts.reduce(0) { $0 + $1.rows }) rows into \(target.location); its audit chain verifies (\(verification.entries) entries, head \(verification.entries):\(verification.head))")
        }
    }
}
