/// The statements of one transaction, whichever database runs them. Statements are written once,
/// in the SQL both backends share, with `?` for each argument.
public protocol SQLTransaction {
    /// Runs a query and returns every row.
    func fetchAll(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow]
    /// Runs a statement that returns no rows; without arguments, `sql` may hold several.
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws
    /// Runs an `INSERT` into a table whose key is an `id` assigned by the database, and returns it.
    func insert(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int64
}

extension SQLTransaction {
    func fetchAll(_ sql: String) throws -> [SQLRow] { try fetchAll(sql, []) }

    func execute(_ sql: String) throws { try execute(sql, []) }

    /// The first row, if any.
    func fetchOne(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> SQLRow? {
        try fetchAll(sql, arguments).first
    }

    /// The first column of the first row as text; nil when there is no row or it is null.
    func text(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> String? {
        try fetchOne(sql, arguments)?.firstText
    }

    /// The first column of every row as text.
    func texts(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> [String] {
        try fetchAll(sql, arguments).compactMap(\.firstText)
    }

    /// The first column of the first row as a whole number; nil when there is no row or it is null.
    func integer(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> Int64? {
        try fetchOne(sql, arguments)?.firstInteger
    }
}
