/// What an expression can read while it is evaluated.
public protocol EvaluationContext {
    /// The value of a single fact (`unknown` when it is missing).
    func fact(_ name: String) -> Value
    /// The instances of a multi-instance fact, each as field name → value.
    func instances(of template: String) -> [[String: Value]]
    /// The day the state describes, for `days_since`.
    var today: Day? { get }
}

/// The reference semantics of checked expressions: a direct tree walk, with three-valued logic.
///
/// Missing inputs are `unknown`, and so is anything computed from them, except that `and`
/// and `or` let a deciding operand win (`unknown and false` is false, `unknown or true` is
/// true) and `known(x)` is always true or false. History functions are `unknown` until
/// check-in history is available.
///
/// ```swift
/// let value = Interpreter(context: state).evaluate(condition)   // .bool(true) / .unknown(...)
/// ```
public struct Interpreter<Context: EvaluationContext> {
    public let context: Context
    /// Instances bound by patterns, by binding number.
    public var bindings: [Int: [String: Value]]

    public init(context: Context, bindings: [Int: [String: Value]] = [:]) {
        self.context = context
        self.bindings = bindings
    }

    /// The truth of a boolean expression.
    public func truth(_ expr: CheckedExpr) -> Truth {
        switch evaluate(expr) {
        case .bool(let value): Truth(value)
        default: .unknown
        }
    }

    public func evaluate(_ expr: CheckedExpr) -> Value {
        switch expr.kind {
        case .constant(let value): return value
        case .fact(let name): return context.fact(name)
        case .field(let binding, let name):
            return bindings[binding]?[name] ?? .unknown(reason: name)
        case .arithmetic(let op, let left, let right):
            return arithmetic(op, evaluate(left), evaluate(right))
        case .negate(let operand):
            switch evaluate(operand) {
            case .integer(let value): return .integer(-value)
            case .number(let value): return .number(-value)
            case let other: return other
            }
        case .compare(let op, let left, let right):
            return compare(op, evaluate(left), evaluate(right))
        case .and(let terms):
            return .from(terms.reduce(Truth.true) { $0 && truth($1) }, reason: unknownReason(terms))
        case .or(let terms):
            return .from(terms.reduce(Truth.false) { $0 || truth($1) }, reason: unknownReason(terms))
        case .not(let operand):
            return .from(!truth(operand), reason: unknownReason([operand]))
        case .contains(let element, let collection, let negated):
            let item = evaluate(element), container = evaluate(collection)
            if case .unknown = item { return item }
            let found: Bool
            switch container {
            case .set(let values):
                guard case .string(let value) = item else { return .unknown(reason: expr.text) }
                found = values.contains(value)
            case .list(let values):
                found = values.contains { compare(.equal, item, $0) == .bool(true) }
            case .unknown:
                return container
            default:
                return .unknown(reason: expr.text)
            }
            return .bool(found != negated)
        case .between(let value, let low, let high, let negated):
            let v = evaluate(value)
            let inside = Truth.from(compare(.greaterEqual, v, evaluate(low))) && Truth.from(compare(.lessEqual, v, evaluate(high)))
            return .from(negated ? !inside : inside, reason: unknownReason([value, low, high]))
        case .list(let items):
            return .list(items.map(evaluate))
        case .known(let operand):
            return .bool(!evaluate(operand).isUnknown)
        case .history:
            return .unknown(reason: "history of \(expr.text)")
        case .daysSince(let operand):
            guard case .date(let day) = evaluate(operand) else { return .unknown(reason: operand.text) }
            guard let today = context.today else { return .unknown(reason: "date") }
            return .integer(today.daysSinceEpoch - day)
        case .exists(let template, let binding, let filter):
            var result = Truth.false
            for instance in context.instances(of: template) {
                guard let filter else { return .bool(true) }
                var inner = self
                inner.bindings[binding] = instance
                result = result || inner.truth(filter)
                if result == .true { break }
            }
            return .from(result, reason: expr.text)
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Value {
        if case .unknown = left { return left }
        if case .unknown = right { return right }
        if case .integer(let l) = left, case .integer(let r) = right, op != .divide {
            switch op {
            case .add: return .integer(l &+ r)
            case .subtract: return .integer(l &- r)
            case .multiply: return .integer(l &* r)
            case .remainder: return r == 0 ? .unknown(reason: "remainder by zero") : .integer(l % r)
            default: break
            }
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
    func compare(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Value {
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

    /// The first missing input among `terms`, to name in an unknown result.
    private func unknownReason(_ terms: [CheckedExpr]) -> String {
        for term in terms {
            if case .unknown(let reason) = evaluate(term) { return reason }
        }
        return "unknown"
    }
}

extension Truth {
    /// The truth of a value: true/false for booleans, unknown for anything else.
    static func from(_ value: Value) -> Truth {
        if case .bool(let bool) = value { return Truth(bool) }
        return .unknown
    }
}

extension Value {
    /// A boolean value for a truth; `unknown` carries `reason`.
    static func from(_ truth: Truth, reason: @autoclosure () -> String) -> Value {
        switch truth {
        case .true: .bool(true)
        case .false: .bool(false)
        case .unknown: .unknown(reason: reason())
        }
    }
}
