/// The type of a fact, a field or an expression.
public indirect enum SteadyType: Sendable, Hashable, CustomStringConvertible {
    case bool
    case integer
    /// A real number; integers convert to it implicitly.
    case number
    case string
    /// A calendar day (`2026-11-24` in state files).
    case date
    /// One of a fixed list of strings.
    case enumeration([String])
    /// A set of values from a fixed list (e.g. today's triggers).
    case set([String])
    /// A list literal of one element type.
    case list(SteadyType)
    /// A history window (`3d`, `2w`).
    case duration
    /// A single-instance group of fields, by name (`work` in `work.context`).
    case record(String)
    /// A multi-instance fact type, by name; only usable through a pattern.
    case template(String)
    /// One instance of a template, bound by a pattern.
    case instance(String)
    /// An expression that already failed to check; absorbs further errors.
    case error

    public var description: String {
        switch self {
        case .bool: "bool"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .date: "date"
        case .enumeration(let values): "enum(\(values.joined(separator: ", ")))"
        case .set(let values): "set of (\(values.joined(separator: ", ")))"
        case .list(let element): "list of \(element)"
        case .duration: "window"
        case .record(let name): "group '\(name)'"
        case .template(let name): "multi-instance fact '\(name)'"
        case .instance(let name): "'\(name)' instance"
        case .error: "<error>"
        }
    }

    var isNumeric: Bool { self == .integer || self == .number }

    /// The allowed values when this is an enum (or a set of one).
    public var enumValues: [String]? {
        switch self {
        case .enumeration(let values), .set(let values): values
        default: nil
        }
    }

    /// True when values of the two types can be compared with `==`.
    func isComparable(with other: SteadyType) -> Bool {
        switch (self, other) {
        case (.error, _), (_, .error): true
        case _ where isNumeric && other.isNumeric: true
        case (.enumeration, .string), (.string, .enumeration), (.string, .string), (.bool, .bool), (.date, .date): true
        case (.enumeration(let a), .enumeration(let b)): !Set(a).isDisjoint(with: b)
        default: false
        }
    }
}
