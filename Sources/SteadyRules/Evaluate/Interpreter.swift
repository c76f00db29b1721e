/// What an expression can read while it is evaluated.
public protocol EvaluationContext {
    /// The value of a single fact (`unknown` when it is missing).
    func fact(_ name: String) -> Value
    /// The instances of a multi-instance fact, each as field name → value.
    func instances(of template: String) -> [[String: Value]]
    /// The day the state describes, for `days_since`.
    var today: Day? { get }
    /// The check-in `daysAgo` days before today (1 = yesterday), or nil when there is none.
    func checkIn(daysAgo: Int) -> Self?
    /// How many days back the history reaches.
    var historyDays: Int { get }
    /// Whether `event` happened to `action` `daysAgo` days before today (it was in that day's
    /// plan, or marked done).
    func happened(_ event: ActionEvent, to action: String, daysAgo: Int) -> Bool
}

extension EvaluationContext {
    public func checkIn(daysAgo: Int) -> Self? { nil }
    public var historyDays: Int { 0 }
    public func happened(_ event: ActionEvent, to action: String, daysAgo: Int) -> Bool { false }
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
///
/// The context is an existential, not a generic parameter: the interpreter lives in this module
/// and its contexts in others, where a generic interpreter would run unspecialized, looking up
/// its own type's metadata at every node.
public struct Interpreter {
    public let context: any EvaluationContext
    /// Instances bound by patterns, by binding number.
    public var bindings: [Int: [String: Value]]
    /// When set, receives the value of every sub-expression evaluated, by node id.
    public let recording: ExpressionRecording?

    public init(context: any EvaluationContext, bindings: [Int: [String: Value]] = [:], recording: ExpressionRecording? = nil) {
        self.context = context
        self.bindings = bindings
        self.recording = recording
    }

    /// The truth of a boolean expression.
    public func truth(_ expr: CheckedExpr) -> Truth {
        switch evaluate(expr) {
        case .bool(let value): Truth(value)
        default: .unknown
        }
    }

    public func evaluate(_ expr: CheckedExpr) -> Value {
        guard let recording else { return evaluateNode(expr) }
        let entry = recording.begin(expr)
        let value = evaluateNode(expr)
        recording.end(entry, value)
        return value
    }

    private func evaluateNode(_ expr: CheckedExpr) -> Value {
        switch expr.kind {
        case .constant(let value): return value
        case .fact(let name): return context.fact(name)
        case .field(let binding, let name):
            return bindings[binding]?[name] ?? .unknown(reason: name)
        case .arithmetic(let op, let left, let right):
            return Value.arithmetic(op, evaluate(left), evaluate(right))
        case .negate(let operand):
            return Value.negate(evaluate(operand))
        case .compare(let op, let left, let right):
            return Value.compare(op, evaluate(left), evaluate(right))
        case .and(let terms):
            let values = terms.map(evaluate)
            return .from(values.reduce(Truth.true) { $0 && Truth.from($1) }, reason: Self.firstUnknown(values))
        case .or(let terms):
            let values = terms.map(evaluate)
            return .from(values.reduce(Truth.false) { $0 || Truth.from($1) }, reason: Self.firstUnknown(values))
        case .not(let operand):
            let value = evaluate(operand)
            return .from(!Truth.from(value), reason: Self.firstUnknown([value]))
        case .contains(let element, let collection, let negated):
            return Value.contains(evaluate(element), in: evaluate(collection), negated: negated, text: expr.text)
        case .between(let value, let low, let high, let negated):
            return Value.between(evaluate(value), evaluate(low), evaluate(high), negated: negated)
        case .list(let items):
            return .list(items.map(evaluate))
        case .known(let operand):
            return .bool(!evaluate(operand).isUnknown)
        case .history(let function, let argument, let window):
            let days = HistoryAggregate.days(window, available: context.historyDays)
            var aggregate = HistoryAggregate(function)
            // Stops at the streak's end: a history reaching years back costs no more than the streak.
            for daysAgo in 0..<days {
                if aggregate.ended { break }
                aggregate.add(daysAgo == 0 ? evaluate(argument)
                              : context.checkIn(daysAgo: daysAgo).map { Interpreter(context: $0, bindings: bindings).evaluate(argument) })
            }
            return aggregate.result(.init(text: expr.text))
        case .pastAction(let event, let action, let window):
            return .bool((1...window).contains { context.happened(event, to: action, daysAgo: $0) })
        case .daysSince(let operand):
            guard case .date(let day) = evaluate(operand) else { return .unknown(reason: operand.text) }
            guard let today = context.today else { return .unknown(reason: Schema.dateFact) }
            return .integer(today.daysSinceEpoch - day)
        case .exists(let template, let binding, let filter):
            var result = Truth.false
            for (position, instance) in context.instances(of: template).enumerated() {
                guard let filter else { return .bool(true) }
                if position > 0 { recording?.noteRepeat() }
                var inner = self
                inner.bindings[binding] = instance
                result = result || inner.truth(filter)
                if result == .true { break }
            }
            return .from(result, reason: expr.text)
        case .conditional(let condition, let then, let otherwise):
            return Value.conditional(evaluate(condition), then: { evaluate(then) }, else: { evaluate(otherwise) })
        case .size(let collection):
            return Value.size(evaluate(collection))
        case .text(let function, let text, let part):
            return Value.text(function, evaluate(text), evaluate(part))
        }
    }

    /// The reason of the first unknown among `values`, to name in an unknown result.
    static func firstUnknown(_ values: [Value]) -> String {
        for case .unknown(let reason) in values { return reason }
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
