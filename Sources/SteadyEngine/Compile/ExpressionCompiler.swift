import SteadyRules

/// A compiled condition or value: reads working memory by slot and binding number.
typealias Evaluator = @Sendable (WorkingMemory) -> Value

/// Compiles checked expressions into closures once, so evaluation does no name look-ups.
/// The semantics are exactly the reference interpreter's: both use the shared `Value`
/// operations and the same three-valued logic.
struct ExpressionCompiler {
    let slots: SlotTable
    /// The template each binding number ranges over.
    let bindingTemplates: [Int: Int]
    /// Binding numbers to evaluate under another number (alpha filters use one shared number).
    var remap: [Int: Int] = [:]

    func compile(_ expr: CheckedExpr) -> Evaluator {
        switch expr.kind {
        case .constant(let value):
            return { _ in value }
        case .fact(let name):
            let slot = slots.slotOf[name]!
            return { $0.facts[slot] }
        case .field(let binding, let name):
            let index = slots.fieldIndex(name, of: bindingTemplates[binding]!)!
            let target = remap[binding] ?? binding
            return { memory in
                let fields = memory.bound[target]
                return index < fields.count ? fields[index] : .unknown(reason: name)
            }
        case .arithmetic(let op, let left, let right):
            let l = compile(left), r = compile(right)
            return { Value.arithmetic(op, l($0), r($0)) }
        case .negate(let operand):
            let o = compile(operand)
            return { Value.negate(o($0)) }
        case .compare(let op, let left, let right):
            // The commonest test, a fact against a constant, reads the slot directly.
            if case .fact(let name) = left.kind, case .constant(let value) = right.kind {
                let slot = slots.slotOf[name]!
                return { Value.compare(op, $0.facts[slot], value) }
            }
            let l = compile(left), r = compile(right)
            return { Value.compare(op, l($0), r($0)) }
        case .and(let terms):
            let compiled = terms.map(compile)
            return { memory in
                var firstUnknown: Value?
                for term in compiled {
                    let value = term(memory)
                    if case .bool(false) = value { return value }
                    if firstUnknown == nil, !Self.isTrue(value) { firstUnknown = Self.asUnknown(value) }
                }
                return firstUnknown ?? .bool(true)
            }
        case .or(let terms):
            let compiled = terms.map(compile)
            return { memory in
                var firstUnknown: Value?
                for term in compiled {
                    let value = term(memory)
                    if case .bool(true) = value { return value }
                    if firstUnknown == nil, value != .bool(false) { firstUnknown = Self.asUnknown(value) }
                }
                return firstUnknown ?? .bool(false)
            }
        case .not(let operand):
            let o = compile(operand)
            return { memory in
                switch o(memory) {
                case .bool(let value): .bool(!value)
                case let other: Self.asUnknown(other)
                }
            }
        case .contains(let element, let collection, let negated):
            let text = expr.text
            if case .constant(let value) = element.kind, case .fact(let name) = collection.kind {
                let slot = slots.slotOf[name]!
                return { Value.contains(value, in: $0.facts[slot], negated: negated, text: text) }
            }
            let e = compile(element), c = compile(collection)
            return { Value.contains(e($0), in: c($0), negated: negated, text: text) }
        case .between(let value, let low, let high, let negated):
            let v = compile(value), l = compile(low), h = compile(high)
            return { Value.between(v($0), l($0), h($0), negated: negated) }
        case .list(let items):
            let compiled = items.map(compile)
            return { memory in .list(compiled.map { $0(memory) }) }
        case .known(let operand):
            let o = compile(operand)
            return { .bool(!o($0).isUnknown) }
        case .history(let function, let argument, let window):
            let evaluate = compile(argument), unknowns = HistoryAggregate.Unknowns(text: expr.text)
            return { memory in
                var aggregate = HistoryAggregate(function)
                aggregate.add(evaluate(memory))
                let days = HistoryAggregate.days(window, available: memory.historyDays)
                if days > 1, !aggregate.ended {
                    // Evaluate the argument on each earlier day by swapping in that day's facts.
                    let today = memory.facts
                    for daysAgo in 1..<days {
                        if aggregate.ended { break }
                        guard let past = memory.pastFacts[daysAgo] else { aggregate.add(nil); continue }
                        memory.facts = past
                        aggregate.add(evaluate(memory))
                    }
                    memory.facts = today
                }
                return aggregate.result(unknowns)
            }
        case .pastAction(let event, let action, let window):
            return { memory in .bool((1...window).contains { memory.pastActions[event]?[$0]?.contains(action) == true }) }
        case .daysSince(let operand):
            let o = compile(operand), text = operand.text
            return { memory in
                guard case .date(let day) = o(memory) else { return .unknown(reason: text) }
                guard let today = memory.today else { return .unknown(reason: Schema.dateFact) }
                return .integer(today - day)
            }
        case .exists(let template, let binding, let filter):
            let index = slots.templateIndex[template]!
            let inner = ExpressionCompiler(slots: slots, bindingTemplates: bindingTemplates.merging([binding: index]) { $1 },
                                           remap: remap)
            let f = filter.map { inner.compile($0) }
            let target = remap[binding] ?? binding, text = expr.text
            return { memory in
                guard let f else { return .bool(!memory.instances[index].isEmpty) }
                let saved = memory.bound[target]
                defer { memory.bound[target] = saved }
                var result = Truth.false
                for instance in memory.instances[index] {
                    memory.bound[target] = instance.fields
                    switch f(memory) {
                    case .bool(true): return .bool(true)
                    case .bool(false): break
                    default: result = .unknown
                    }
                }
                return result == .unknown ? .unknown(reason: text) : .bool(false)
            }
        case .conditional(let condition, let then, let otherwise):
            let c = compile(condition), t = compile(then), o = compile(otherwise)
            return { memory in Value.conditional(c(memory), then: { t(memory) }, else: { o(memory) }) }
        case .size(let collection):
            let c = compile(collection)
            return { Value.size(c($0)) }
        case .text(let function, let text, let part):
            let t = compile(text), p = compile(part)
            return { Value.text(function, t($0), p($0)) }
        }
    }

    static func isTrue(_ value: Value) -> Bool {
        if case .bool(true) = value { return true }
        return false
    }

    /// A non-boolean operand of a logical operator, as the unknown it stands for.
    static func asUnknown(_ value: Value) -> Value {
        if case .unknown = value { return value }
        return .unknown(reason: "unknown")
    }
}
