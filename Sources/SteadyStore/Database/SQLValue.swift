/// A value bound to a statement or read from a column, on either backend: the store keeps
/// only text and whole numbers (and nulls), so each backend maps these three exactly.
public enum SQLValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case null
    /// A value of a type the store never writes (a real number, a blob): only a row edited
    /// behind Steady's back holds one, and it is reported as unreadable.
    case unsupported
}

/// What can be bound to a `?` of a statement.
public protocol SQLArgument {
    var sqlValue: SQLValue { get }
}

extension String: SQLArgument {
    public var sqlValue: SQLValue { .text(self) }
}

extension Int: SQLArgument {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLArgument {
    public var sqlValue: SQLValue { .integer(self) }
}

extension Optional: SQLArgument where Wrapped: SQLArgument {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One row of a result: its columns in order, by name.
public struct SQLRow: Sendable, Equatable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        (self.columns, self.values) = (columns, values)
    }

    /// The value of `column`; nil when the row has no such column.
    public subscript(column: String) -> SQLValue? {
        columns.firstIndex(of: column).map { values[$0] }
    }

    /// The first column as text (a whole number written out); nil when null or missing.
    var firstText: String? {
        switch values.first {
        case .text(let text): text
        case .integer(let number): String(number)
        default: nil
        }
    }

    /// The first column as a whole number; nil when null, missing or text.
    var firstInteger: Int64? {
        if case .integer(let number) = values.first { return number }
        return nil
    }
}

extension SQLValue: SQLArgument {
    public var sqlValue: SQLValue { self }
}
