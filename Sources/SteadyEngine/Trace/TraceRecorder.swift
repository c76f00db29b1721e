import SteadyRules

/// Builds the explanatory parts of a run from a view of the session's facts: sub-expression
/// values of a firing, and the first failing condition of a rule that did not fire. It
/// evaluates with the reference interpreter, which shares every operation with the compiled
/// network.
struct TraceRecorder {
    let facts: FactView
    typealias Context = FactView.Context
    /// One recording for every expression this recorder evaluates, emptied before each: a run
    /// explains dozens of rules.
    private let recording = ExpressionRecording()

    init(facts: FactView) {
        self.facts = facts
    }

    /// Every sub-expression value of `rule`'s condition for the match of `matched` (one instance per pattern), in pre-order.
    func values(of rule: Rule, matched: [FactInstance]) -> [ExpressionValue] {
        recording.reset()
        var interpreter = Interpreter(context: Context(view: facts), recording: recording)
        var position = 0
        var roots: [CheckedExpr] = []
        for element in rule.condition.elements {
            switch element {
            case .pattern(let binding, _, _, let filter):
                if position < matched.count { interpreter.bindings[binding] = facts.fields(of: matched[position]) }
                position += 1
                if let filter { _ = interpreter.evaluate(filter); roots.append(filter) }
            case .test(let expr):
                _ = interpreter.evaluate(expr)
                roots.append(expr)
            }
        }
        return FactView.flatten(roots, recording)
    }

    /// The miss of `rule` at element `index` of its condition, a test known not to hold (with
    /// pattern variables bound to `bindings`): its value and its sub-expressions' values.
    func miss(_ rule: Rule, failingAt index: Int, bindings: [Int: [String: Value]] = [:]) -> Miss {
        guard case .test(let expr) = rule.condition.elements[index] else { preconditionFailure("element \(index) of \(rule.id) is a pattern") }
        recording.reset()
        let value = Interpreter(context: Context(view: facts), bindings: bindings, recording: recording).evaluate(expr)
        return Miss(rule: rule.id, element: index, condition: expr.text, value: value, values: FactView.flatten([expr], recording))
    }

    /// Why each rule of `network` that did not fire did not (its first failing element), and
    /// each disabled rule. `fired` says whether the rule at a position of `network.rules` fired;
    /// `holds` whether an alpha test holds at the fixpoint: a rule without patterns fails at its
    /// first element whose tests do not all hold, which the network evaluated already.
    func misses(_ network: CompiledRuleSet, fired: (Int) -> Bool, holds: (Int) -> Bool) -> [String: Miss] {
        var misses: [String: Miss] = [:]
        misses.reserveCapacity(network.ruleSet.rules.count)
        for (number, compiled) in network.rules.enumerated() where !fired(number) {
            let failing = compiled.testsByElement?.firstIndex { !$0.allSatisfy(holds) }
            misses[compiled.rule.id] = failing.map { miss(compiled.rule, failingAt: $0) } ?? miss(compiled.rule)
        }
        for rule in network.ruleSet.rules where !rule.enabled { misses[rule.id] = miss(rule) }
        return misses
    }

    /// The first element of `rule`'s condition that no candidate match passes.
    func miss(_ rule: Rule) -> Miss? {
        guard rule.enabled else {
            return Miss(rule: rule.id, element: nil, condition: "the rule is disabled", value: .bool(false), values: [])
        }
        let context = Context(view: facts)
        var partials: [[Int: [String: Value]]] = [[:]]
        for (index, element) in rule.condition.elements.enumerated() {
            switch element {
            case .test(let expr):
                let passing = partials.filter { Interpreter(context: context, bindings: $0).truth(expr) == .true }
                if passing.isEmpty { return miss(rule, failingAt: index, bindings: partials[0]) }
                partials = passing
            case .pattern(let binding, let name, let template, let filter):
                let candidates = context.instances(of: template)
                var next: [[Int: [String: Value]]] = []
                for partial in partials {
                    for instance in candidates {
                        var extended = partial
                        extended[binding] = instance
                        if let filter, Interpreter(context: context, bindings: extended).truth(filter) != .true { continue }
                        next.append(extended)
                    }
                }
                if next.isEmpty {
                    let text = "\(name): \(template)" + (filter.map { " where \($0.text)" } ?? "")
                    guard let filter, let first = candidates.first else {
                        return Miss(rule: rule.id, element: index, condition: text, value: .bool(false), values: [])
                    }
                    var bindings = partials[0]
                    bindings[binding] = first
                    recording.reset()
                    let value = Interpreter(context: context, bindings: bindings, recording: recording).evaluate(filter)
                    return Miss(rule: rule.id, element: index, condition: text, value: value,
                                values: FactView.flatten([filter], recording))
                }
                partials = next
            }
        }
        return nil
    }

}
