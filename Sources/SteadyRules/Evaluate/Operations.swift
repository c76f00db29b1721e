/// The operations on values that every evaluator shares, so the reference interpreter and the
/// engine's compiled conditions cannot disagree.
extension Value {
    /// `left op right` for arithmetic operators; unknown when either side is, on division by
    /// zero, and when whole numbers overflow (never a wrap or a trap).
    public static func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Value {
        if case .unknown = left { return left }
        if case .unknown = right { return right }
        if case .integer(let l) = left, case .integer(let r) = right, op != .divide {
            let (result, overflow): (Int, Bool)
            switch op {
            case .add: (result, overflow) = l.addingReportingOverflow(r)
            case .subtract: (result, overflow) = l.subtractingReportingOverflow(r)
            case .multiply: (result, overflow) = l.multipliedReportingOverflow(by: r)
            case .remainder:
                guard r != 0 else { return .unknown(reason: "remainder by zero") }
                (result, overflow) = l.remainderReportingOverflow(dividingBy: r)
            default: return .unknown(reason: "not arithmetic")
            }
            return overflow ? .unknown(reason: Self.integerOverflow) : .integer(result)
        }
        guard let l = left.numeric, let r = right.numeric else { return .unknown(reason: "not a number") }
        switch op {
        case .add: return .number(l + r)
        case .subtract: return .number(l - r)
        case .multiply: return .number(l * r)
        case .divide: return r == 0 ? .unknown(reason: "division by zero") : .number(l / r)
        case .remainder: return r == 0 ? .unknown(reason: "remainder by zero") : .number(l.truncatingRemainder(dividingBy: r))
        default: return .unknown(reason: "not arithmetic")
        }
    }

    /// Compares two values; `unknown` when either is.
    public static func compare(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Value {
        if case .unknown = left { return left }
        if case .unknown = right { return right }
        let order: Int
        if let l = left.numeric, let r = right.numeric {
            order = l < r ? -1 : l > r ? 1 : 0
        } else if case .date(let l) = left, case .date(let r) = right {
            order = l < r ? -1 : l > r ? 1 : 0
        } else if op == .equal || op == .notEqual {
            return .bool((left == right) == (op == .equal))
        } else {
            return .unknown(reason: "incomparable values")
        }
        switch op {
        case .equal: return .bool(order == 0)
        case .notEqual: return .bool(order != 0)
        case .less: return .bool(order < 0)
        case .lessEqual: return .bool(order <= 0)
        case .greater: return .bool(order > 0)
        case .greaterEqual: return .bool(order >= 0)
        default: return .unknown(reason: "not a comparison")
        }
    }


    /// Why a whole-number operation is unknown when its result does not fit.
    public static let integerOverflow = "integer overflow"

    /// `-value` for numbers (unknown for the one whole number whose negation does not fit);
    /// anything else unchanged (unknown stays unknown).
    public static func negate(_ value: Value) -> Value {
        switch value {
        case .integer(let number): number == .min ? .unknown(reason: integerOverflow) : .integer(-number)
        case .number(let number): .number(-number)
        default: value
        }
    }

    /// `element in collection` (a set or a list); unknown when either is unknown.
    public static func contains(_ element: Value, in collection: Value, negated: Bool, text: @autoclosure () -> String) -> Value {
        if case .unknown = element { return element }
        let found: Bool
        switch collection {
        case .set(let values):
            guard case .string(let value) = element else { return .unknown(reason: text()) }
            found = values.contains(value)
        case .list(let values):
            // Three-valued like `==`: a match wins; otherwise an unknown entry leaves it unknown.
            let comparisons = values.map { compare(.equal, element, $0) }
            if comparisons.contains(.bool(true)) {
                found = true
            } else if let unknown = comparisons.first(where: \.isUnknown) {
                return unknown
            } else {
                found = false
            }
        case .unknown:
            return collection
        default:
            return .unknown(reason: text())
        }
        return .bool(found != negated)
    }

    /// `value in low..high`, inclusive; unknown when any part is unknown.
    public static func between(_ value: Value, _ low: Value, _ high: Value, negated: Bool) -> Value {
        for part in [value, low, high] { if case .unknown = part { return part } }
        let inside = Truth.from(compare(.greaterEqual, value, low)) && Truth.from(compare(.lessEqual, value, high))
        return .from(negated ? !inside : inside, reason: "range")
    }

    /// `size(collection)`: how many values a set or a list holds; unknown when it is.
    public static func size(_ collection: Value) -> Value {
        switch collection {
        case .set(let values): .integer(values.count)
        case .list(let values): .integer(values.count)
        case .unknown: collection
        default: .unknown(reason: "not a collection")
        }
    }

    /// `function(text, part)` on two texts; unknown when either is.
    public static func text(_ function: TextFunction, _ text: Value, _ part: Value) -> Value {
        if case .unknown = text { return text }
        if case .unknown = part { return part }
        guard case .string(let whole) = text, case .string(let piece) = part else { return .unknown(reason: "not text") }
        // Compared scalar by scalar, as the values were written: "é" is not "e" + U+0301.
        let (w, p) = (whole.unicodeScalars, piece.unicodeScalars)
        return switch function {
        case .contains: .bool(p.isEmpty || w.indices.contains { w[$0...].starts(with: p) })
        case .startsWith: .bool(w.starts(with: p))
        case .endsWith: .bool(w.reversed().starts(with: p.reversed()))
        }
    }

    /// `if condition then … else …`: the branch the condition picks, evaluated only then; when
    /// the condition is unknown, the branches' common value if they agree (`==`), else unknown.
    public static func conditional(_ condition: Value, then: () -> Value, else otherwise: () -> Value) -> Value {
        switch condition {
        case .bool(true): return then()
        case .bool(false): return otherwise()
        default:
            let (a, b) = (then(), otherwise())
            if case .bool(true) = compare(.equal, a, b) { return a }
            if case .unknown = condition { return condition }
            return .unknown(reason: "unknown")
        }
    }
}
