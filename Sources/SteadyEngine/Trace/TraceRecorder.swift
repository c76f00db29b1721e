import SteadyRules

/// Builds the explanatory parts of a run from the session's state: sub-expression values of
/// a firing, and the first failing condition of a rule that did not fire. It evaluates with
/// the reference interpreter, which shares every operation with the compiled network.
struct TraceRecorder {
    let session: Session

    /// The interpreter's view of the session's working memory (today's, or an earlier day's).
    struct Context: EvaluationContext {
        let session: Session
        var daysAgo = 0

        func fact(_ name: String) -> Value {
            guard let slot = session.network.slots.slotOf[name] else { return .unknown(reason: name) }
            guard daysAgo > 0 else { return session.memory.facts[slot] }
            return session.memory.pastFacts[daysAgo]?[slot] ?? .unknown(reason: name)
        }

        func checkIn(daysAgo: Int) -> Context? {
            session.memory.pastFacts[daysAgo] == nil ? nil : Context(session: session, daysAgo: daysAgo)
        }

        var historyDays: Int { session.memory.historyDays }

        func wasSuggested(_ action: String, daysAgo: Int) -> Bool {
            session.memory.pastSuggested[self.daysAgo + daysAgo]?.contains(action) == true
        }

        func instances(of template: String) -> [[String: Value]] {
            guard let index = session.network.slots.templateIndex[template] else { return [] }
            let names = session.network.slots.fields[index]
            return session.memory.instances[index].map { Dictionary(uniqueKeysWithValues: zip(names, $0.fields)) }
        }

        var today: Day? { session.memory.today.map(Day.init) }
    }

    /// Every sub-expression value of `rule`'s condition for the match `token`, in pre-order.
    func values(of rule: Rule, token: [Int]) -> [ExpressionValue] {
        var bindings: [Int: [String: Value]] = [:]
        var position = 0
        let recording = Interpreter<Context>.Recording()
        let interpreter = { Interpreter(context: Context(session: session), bindings: bindings, recording: recording) }
        var roots: [CheckedExpr] = []
        for element in rule.condition.elements {
            switch element {
            case .pattern(let binding, _, _, let filter):
                if position < token.count, let instance = session.instance(token[position]) {
                    bindings[binding] = fields(of: instance)
                }
                position += 1
                if let filter { _ = interpreter().evaluate(filter); roots.append(filter) }
            case .test(let expr):
                _ = interpreter().evaluate(expr)
                roots.append(expr)
            }
        }
        return roots.flatMap { Self.flatten($0, recording.values) }
    }

    /// The first element of `rule`'s condition that no candidate match passes.
    func miss(_ rule: Rule) -> Miss? {
        guard rule.enabled else {
            return Miss(rule: rule.id, element: nil, condition: "the rule is disabled", value: .bool(false), values: [])
        }
        let context = Context(session: session)
        var partials: [[Int: [String: Value]]] = [[:]]
        for (index, element) in rule.condition.elements.enumerated() {
            switch element {
            case .test(let expr):
                let passing = partials.filter { Interpreter(context: context, bindings: $0).truth(expr) == .true }
                if passing.isEmpty {
                    let recording = Interpreter<Context>.Recording()
                    let value = Interpreter(context: context, bindings: partials[0], recording: recording).evaluate(expr)
                    return Miss(rule: rule.id, element: index, condition: expr.text, value: value,
                                values: Self.flatten(expr, recording.values))
                }
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
                    let recording = Interpreter<Context>.Recording()
                    let value = Interpreter(context: context, bindings: bindings, recording: recording).evaluate(filter)
                    return Miss(rule: rule.id, element: index, condition: text, value: value,
                                values: Self.flatten(filter, recording.values))
                }
                partials = next
            }
        }
        return nil
    }

    private func fields(of instance: FactInstance) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: zip(session.network.slots.fields[instance.template], instance.fields))
    }

    /// The recorded values of `expr` and its sub-expressions, in pre-order.
    static func flatten(_ expr: CheckedExpr, _ values: [Int: Value]) -> [ExpressionValue] {
        guard let value = values[expr.id] else { return [] }
        return [ExpressionValue(id: expr.id, text: expr.text, value: value)] + expr.children.flatMap { flatten($0, values) }
    }
}
