/// Why the store could not do what was asked. Every case says what to do next.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// There is no database at the path, or the PostgreSQL database is empty (and the command only reads).
    case noDatabase(path: String)
    /// The file is not a SQLite database (or is corrupt), or the PostgreSQL database holds another program's tables.
    case notADatabase(path: String)
    /// The database was written by a newer Steady; its migrations are unknown here.
    case newerSchema(path: String, unknown: [String])
    /// The database needs upgrading first (found by a read-only open, a server, or any command on PostgreSQL).
    case olderSchema(path: String)
    /// Another process holds the database.
    case locked(path: String)
    /// Nothing stored under that id or for that patient and day.
    case notFound(String)
    /// The stored record cannot be read back (tampered or from another rule set).
    case unreadable(String)
    /// A write needs the audit key, and none was given.
    case noAuditKey
    /// The audit key file is not 64 hex digits.
    case badAuditKey(path: String)
    case other(String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            "there is no Steady database at '\(path)'; check --db or $STEADY_DB (commands that only read never create one; `steady db migrate` sets one up)."
        case .notADatabase(let path): "'\(path)' is not a Steady database (another program's, or damaged); nothing was changed. Use --db to choose another."
        case .newerSchema(let path, let unknown):
            "'\(path)' was written by a newer Steady (migrations \(unknown.joined(separator: ", "))); nothing was changed. Upgrade Steady to use it."
        case .olderSchema(let path):
            "'\(path)' was written by an older Steady and must be upgraded first; nothing was changed. Run `steady db migrate --db \(path)` (with the audit key) once, with every server stopped."
        case .locked(let path): "'\(path)' is locked by another process; nothing was changed. Try again when it has finished."
        case .notFound(let what): "\(what) is not in the store."
        case .unreadable(let what): "\(what) cannot be read back (edited in the database, or made with another rule set)."
        case .noAuditKey:
            "writing needs the audit key, and none was given; nothing was changed. Pass --audit-key FILE or set STEADY_AUDIT_KEY."
        case .badAuditKey(let path):
            "the audit key '\(path)' is not 64 hex digits (damaged?); nothing was changed. Restore it from your backup."
        case .other(let message): message
        }
    }
}
