/// One lexical token of an expression, with its range in Unicode scalars of the expression text.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case identifier(String)
        case integer(Int)
        case decimal(Double)
        /// A history window such as `3d` or `2w`, in days.
        case duration(days: Int)
        case string(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case end
    }

    public enum Keyword: String, Sendable, Hashable, CaseIterable {
        case and, or, not, `in`, exists, `where`, `true`, `false`, `if`, then, `else`
    }

    public enum Symbol: String, Sendable, Hashable, CaseIterable {
        case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
        case comma = ",", dot = ".", range = "..", colon = ":"
        case plus = "+", minus = "-", star = "*", slash = "/", percent = "%"
        case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    }

    public let kind: Kind
    public let range: Range<Int>

    /// How the token reads in a message ("')'", "'and'", "end of expression").
    public var display: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .integer(let value): "'\(value)'"
        case .decimal(let value): "'\(value)'"
        case .duration(let days): "'\(days)d'"
        case .string: "a string"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .symbol(let symbol): "'\(symbol.rawValue)'"
        case .end: "end of expression"
        }
    }
}
