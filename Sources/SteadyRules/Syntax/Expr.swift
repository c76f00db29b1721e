/// The syntax tree of one expression, as parsed and before type checking. Every node keeps its
/// range (Unicode-scalar offsets in the expression text) so errors and traces point at it.
public struct Expr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case integer(Int)
        case decimal(Double)
        case string(String)
        case bool(Bool)
        /// A history window, in days (`3d`, `2w`).
        case duration(days: Int)
        case name(String)
        /// `base.field`
        case member(Expr, String)
        case negate(Expr)
        case not(Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `element in collection` or `element not in collection`.
        case membership(Expr, Expr, negated: Bool)
        /// `low..high`, only as the right side of `in`.
        case range(Expr, Expr)
        case list([Expr])
        case call(String, [Expr])
        /// `if condition then value else other`.
        case conditional(Expr, then: Expr, else: Expr)
        /// `t: trigger where t.active`: binds each instance of a multi-instance fact.
        case pattern(Pattern)
        /// `exists t: trigger where ...` or `exists trigger`.
        case exists(Pattern)
    }

    public let kind: Kind
    public let range: Range<Int>

    public init(_ kind: Kind, _ range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}

/// A pattern over a multi-instance fact: an optional binding name, the fact name and a filter.
public struct Pattern: Sendable, Hashable {
    public let binding: String?
    public let bindingRange: Range<Int>?
    public let fact: String
    public let factRange: Range<Int>
    public let filter: Expr?
}

/// The binary operators, loosest binding first in ``precedence``.
public enum BinaryOperator: String, Sendable, Hashable, Codable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }

    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: true
        default: false
        }
    }
}
