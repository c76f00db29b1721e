import ArgumentParser
import Foundation
import SteadyStore

/// Where the database and the audit key are, and who is acting: `--db` (else `$STEADY_DB`, else
/// `~/.steady/steady.sqlite`), `--audit-key` (else `$STEADY_AUDIT_KEY`, else
/// `~/.steady/audit.key`), `--actor` (else `$STEADY_ACTOR`, else the OS user).
struct DatabaseOption: ParsableArguments {
    @Option(help: ArgumentHelp("The database file (default: $STEADY_DB, else ~/.steady/steady.sqlite).", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("The key that authenticates the audit chain, kept outside the database; created (mode 0600) on first write (default: $STEADY_AUDIT_KEY, else ~/.steady/audit.key).", valueName: "file"))
    var auditKey: String?

    @Option(help: ArgumentHelp("Who is acting, recorded with every audit entry (default: $STEADY_ACTOR, else the OS user).", valueName: "name"))
    var actor: String?

    var auditKeyPath: String { auditKey ?? AuditKey.defaultPath() }

    /// The store, with the audit key: both created if missing when `writes`; else the database
    /// must exist and the key is read if present.
    func open(writes: Bool = true) throws -> Store {
        let key = writes ? try AuditKey.loadOrCreate(path: auditKeyPath) : try AuditKey.load(path: auditKeyPath)
        return try Store(path: db ?? Store.defaultPath(), auditKey: key, actor: actor ?? Store.defaultActor(), readOnly: !writes)
    }

    func validate() throws {
        if let actor, actor.isEmpty || actor.count > 200 || actor.contains(where: \.isNewline) {
            throw ValidationError("--actor must be 1 to 200 characters on one line")
        }
    }
}
