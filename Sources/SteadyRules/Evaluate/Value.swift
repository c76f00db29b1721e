/// A runtime value of an expression. `unknown` is a value, not an error: it is what a missing
/// input evaluates to, and it names what was missing so an explanation can say so.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    /// Days since 1970-01-01.
    case date(Int)
    /// A set of enum values, kept sorted.
    case set([String])
    case list([Value])
    /// A history window, in days.
    case duration(Int)
    /// Missing or not computable; `reason` names the missing fact (e.g. "pain").
    case unknown(reason: String)

    /// The value as a number, if it is one.
    public var numeric: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    public var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    /// A number as people read it in a sentence: at most one decimal (`5.357…` → "5.4", `6.0` → "6").
    public static func readable(_ number: Double) -> String {
        Value.number((number * 10).rounded() / 10).description
    }

    public var description: String {
        switch self {
        case .bool(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): "\"\(value)\""
        case .date(let days): Day(days).description
        case .set(let values): "{" + values.joined(separator: ", ") + "}"
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .duration(let days): "\(days)d"
        case .unknown(let reason): "unknown (\(reason))"
        }
    }
}
