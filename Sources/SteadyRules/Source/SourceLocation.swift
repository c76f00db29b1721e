/// A position in a source file: 1-based line and column, columns counted in Unicode scalars
/// (the convention of libyaml's marks, so a tab or an `é` is one column).
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A range in a named file: where a diagnostic points and how much of the line to underline.
public struct SourceSpan: Sendable, Hashable, Codable, Comparable {
    public let file: String
    public let start: SourceLocation
    /// How many columns to underline from `start` (at least 1).
    public let length: Int

    public init(file: String, start: SourceLocation, length: Int = 1) {
        self.file = file
        self.start = start
        self.length = max(1, length)
    }

    public static func < (lhs: SourceSpan, rhs: SourceSpan) -> Bool {
        (lhs.file, lhs.start) < (rhs.file, rhs.start)
    }
}
