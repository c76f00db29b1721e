/// Three-valued (Kleene) logic: the truth of a condition when some inputs may be missing.
///
/// | `and`   | true    | false | unknown |
/// |---------|---------|-------|---------|
/// | true    | true    | false | unknown |
/// | false   | false   | false | false   |
/// | unknown | unknown | false | unknown |
///
/// `or` is the dual (true wins), and `not unknown` is unknown. A rule fires only when its
/// condition is `true`. See docs/missing-data.md.
public enum Truth: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case `true`, `false`, unknown

    public init(_ value: Bool) { self = value ? .true : .false }

    public static func && (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .false || rhs == .false { return .false }
        if lhs == .unknown || rhs == .unknown { return .unknown }
        return .true
    }

    public static func || (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .true || rhs == .true { return .true }
        if lhs == .unknown || rhs == .unknown { return .unknown }
        return .false
    }

    public static prefix func ! (operand: Truth) -> Truth {
        switch operand {
        case .true: .false
        case .false: .true
        case .unknown: .unknown
        }
    }

    public var description: String {
        switch self {
        case .true: "true"
        case .false: "false"
        case .unknown: "unknown"
        }
    }
}
