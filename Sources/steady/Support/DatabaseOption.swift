import ArgumentParser
import Foundation
import SteadyStore

/// Where the database and the audit key are, and who is acting: `--db`, a SQLite file or a
/// `postgres://` address (else `$STEADY_DB`, else `~/.steady/steady.sqlite`), `--audit-key` (else `$STEADY_AUDIT_KEY`, else
/// `~/.steady/audit.key`), `--actor` (else `$STEADY_ACTOR`, else the OS user).
struct DatabaseOption: ParsableArguments {
    @Option(help: ArgumentHelp("The database: a SQLite file, or a PostgreSQL address postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require] with the password in $PGPASSWORD (default: $STEADY_DB, else ~/.steady/steady.sqlite).", valueName: "file-or-address"))
    var db: String?

    @Option(help: ArgumentHelp("The key that authenticates the audit chain, kept outside the database; created (mode 0600) on first write (default: $STEADY_AUDIT_KEY, else ~/.steady/audit.key).", valueName: "file"))
    var auditKey: String?

    @Option(help: ArgumentHelp("Who is acting, recorded with every audit entry (default: $STEADY_ACTOR, else the OS user).", valueName: "name"))
    var actor: String?

    var auditKeyPath: String { auditKey ?? AuditKey.defaultPath() }

    /// The database named, or the default.
    var location: String { db ?? Store.defaultDatabase() }

    /// The store, with the audit key: both created if missing when `writes`; else the database
    /// must exist and the key is read if present. A SQLite file at an older schema is upgraded
    /// (one user, one file); a PostgreSQL database, which several servers share, only by
    /// `steady db migrate` — as is any database a server opens (`upgrade: .refuse`).
    func open(writes: Bool = true, upgrade: SchemaUpgrade? = nil) throws -> Store {
        let key = writes ? try AuditKey.loadOrCreate(path: auditKeyPath) : try AuditKey.load(path: auditKeyPath)
        let upgrade = upgrade ?? (PostgresAddress.parse(location) == nil ? .migrate : .refuse)
        return try Store(database: location, auditKey: key, actor: actor ?? Store.defaultActor(), readOnly: !writes, upgrade: upgrade)
    }

    func validate() throws {
        if let actor, actor.isEmpty || actor.count > 200 || actor.contains(where: \.isNewline) {
            throw ValidationError("--actor must be 1 to 200 characters on one line")
        }
    }
}
