@testable import SteadyEngine
@testable import SteadyRules

/// A deliberately naive evaluator, independent of the engine's network: for each stratum,
/// try every rule on every combination of instances (nested loops, conditions evaluated by
/// the reference interpreter) and apply effects until nothing changes. Supports what the
/// random rule sets use: bool derivations, derived instances and recommendations.
struct ReferenceEvaluator {
    struct Outcome: Equatable {
        /// "rule(binding=fields ...)" per firing, sorted.
        var fired: [String] = []
        var derived: [String: Value] = [:]
        /// Derived instances per template, as sorted descriptions.
        var instances: [String: [String]] = [:]
        var recommended: Set<String> = []
    }

    struct State: EvaluationContext {
        var facts: [String: Value]
        var instances: [String: [[String: Value]]]
        var today: Day?
        func fact(_ name: String) -> Value { facts[name] ?? .unknown(reason: name) }
        func instances(of template: String) -> [[String: Value]] { instances[template] ?? [] }
    }

    static func evaluate(_ ruleSet: RuleSet, _ facts: FactBase) -> Outcome {
        var state = State(facts: facts.values, instances: facts.instances, today: facts.today)
        for (name, fact) in ruleSet.schema.facts where fact.isDerived {
            state.facts[name] = fact.type == .bool ? .bool(false) : .unknown(reason: name)
        }
        for (name, template) in ruleSet.schema.templates {
            for index in state.instances[name, default: []].indices {
                for field in template.fields where state.instances[name]![index][field.name] == nil {
                    state.instances[name]![index][field.name] = .unknown(reason: "\(name).\(field.name)")
                }
            }
        }
        var outcome = Outcome()
        var done: Set<String> = []
        for stratum in ruleSet.strata {
            var changed = true
            while changed {
                changed = false
                for id in stratum {
                    let rule = ruleSet.rule(id)!
                    guard rule.enabled else { continue }
                    for (bindings, positions) in matches(rule, state) {
                        // Refraction is per match of distinct instances, even identical ones.
                        let key = "\(rule.id)\(positions)"
                        guard !done.contains(key) else { continue }
                        done.insert(key)
                        outcome.fired.append(describe(rule, bindings))
                        changed = true
                        let interpreter = Interpreter(context: state, bindings: bindings)
                        for action in rule.effects {
                            switch action {
                            case .derive(let derivation) where derivation.value == nil && derivation.fields.isEmpty:
                                state.facts[derivation.fact] = .bool(true)
                            case .derive(let derivation):
                                let template = ruleSet.schema.templates[derivation.fact]!
                                var fields: [String: Value] = [:]
                                for field in template.fields {
                                    fields[field.name] = derivation.fields[field.name].map(interpreter.evaluate) ?? .unknown(reason: field.name)
                                }
                                if !state.instances[derivation.fact, default: []].contains(fields) {
                                    state.instances[derivation.fact, default: []].append(fields)
                                }
                            case .recommend(let recommendation):
                                switch recommendation.action {
                                case .id(let id): outcome.recommended.insert(id)
                                case .value(let expr):
                                    if case .string(let id) = interpreter.evaluate(expr) { outcome.recommended.insert(id) }
                                }
                            case .suppress, .alert:
                                break
                            }
                        }
                    }
                }
            }
        }
        outcome.fired.sort()
        for (name, fact) in ruleSet.schema.facts where fact.isDerived { outcome.derived[name] = state.facts[name] }
        for (name, template) in ruleSet.schema.templates where template.isDerived {
            outcome.instances[name] = (state.instances[name] ?? []).map(describe).sorted()
        }
        return outcome
    }

    /// Every binding combination satisfying the rule's condition, by nested loops, with the
    /// positions of the bound instances.
    static func matches(_ rule: Rule, _ state: State) -> [([Int: [String: Value]], [Int])] {
        var partials: [([Int: [String: Value]], [Int])] = [([:], [])]
        for element in rule.condition.elements {
            switch element {
            case .test(let expr):
                partials = partials.filter { Interpreter(context: state, bindings: $0.0).truth(expr) == .true }
            case .pattern(let binding, _, let template, let filter):
                partials = partials.flatMap { partial, positions in
                    state.instances(of: template).enumerated().compactMap { position, instance -> ([Int: [String: Value]], [Int])? in
                        var extended = partial
                        extended[binding] = instance
                        if let filter, Interpreter(context: state, bindings: extended).truth(filter) != .true { return nil }
                        return (extended, positions + [position])
                    }
                }
            }
        }
        return partials
    }

    static func describe(_ rule: Rule, _ bindings: [Int: [String: Value]]) -> String {
        let bound = rule.condition.elements.compactMap { element -> String? in
            guard case .pattern(let binding, let name, _, _) = element else { return nil }
            return "\(name)=" + describe(bindings[binding]!)
        }
        return bound.isEmpty ? rule.id : "\(rule.id)(\(bound.joined(separator: " ")))"
    }

    static func describe(_ fields: [String: Value]) -> String {
        fields.keys.sorted().map { "\($0):\(fields[$0]!)" }.joined(separator: ",")
    }
}

extension Run {
    /// The same outcome, read off the engine's run.
    func outcome(_ ruleSet: RuleSet) -> ReferenceEvaluator.Outcome {
        var outcome = ReferenceEvaluator.Outcome()
        outcome.fired = firedSummary.sorted()
        outcome.derived = derived
        for (name, template) in ruleSet.schema.templates where template.isDerived {
            outcome.instances[name] = (derivedInstances[name] ?? []).map(ReferenceEvaluator.describe).sorted()
        }
        outcome.recommended = Set(recommendedActions)
        return outcome
    }
}

/// Strata worked out the slow, obvious way — rule-to-rule dependencies, transitive closure,
/// levels by repeated relaxation — to check the stratifier's graph through fact nodes.
enum NaiveStrata {
    static func of(_ ruleSet: RuleSet) -> [[String]] {
        let rules = ruleSet.rules.sorted { $0.id < $1.id }
        let derived = Set(ruleSet.schema.facts.values.filter(\.isDerived).map(\.name) + ruleSet.schema.templates.values.filter(\.isDerived).map(\.name))
        let count = rules.count
        // reaches[a][b]: a depends on b, directly or not.
        var reaches = (0..<count).map { reader in
            (0..<count).map { writer in
                Stratifier.reads(of: rules[reader]).contains { read in
                    derived.contains(read.fact) && Stratifier.writes(of: rules[writer]).contains(read.fact)
                }
            }
        }
        let direct = reaches
        for k in 0..<count { for i in 0..<count where reaches[i][k] { for j in 0..<count where reaches[k][j] { reaches[i][j] = true } } }
        func sameGroup(_ a: Int, _ b: Int) -> Bool { a == b || (reaches[a][b] && reaches[b][a]) }
        var level = [Int](repeating: 0, count: count)
        var changed = true
        while changed {
            changed = false
            for reader in 0..<count {
                for writer in 0..<count where direct[reader][writer] && !sameGroup(reader, writer) && level[reader] < level[writer] + 1 {
                    level[reader] = level[writer] + 1
                    changed = true
                }
                for other in 0..<count where sameGroup(reader, other) && level[other] != level[reader] {
                    let highest = max(level[other], level[reader])
                    level[other] = highest
                    level[reader] = highest
                    changed = true
                }
            }
        }
        var strata = [[String]](repeating: [], count: (level.max() ?? -1) + 1)
        for (index, rule) in rules.enumerated() { strata[level[index]].append(rule.id) }
        return strata.map { $0.sorted() }
    }
}
