import SteadyEngine
import SteadyRules

/// Why an action is not in today's plan: what removed it, or — for each rule that could
/// recommend it — which conditions failed, with their values, and the smallest change to the
/// inputs that would make each hold, worked out from the typed conditions.
public struct WhyNot: Sendable {
    /// A condition of a rule that did not hold, and what would make it hold.
    public struct Failure: Sendable, Hashable {
        public let condition: String
        public let value: Value
        public let values: [ExpressionValue]
        /// The facts and fields the condition reads, with their values.
        public let operands: [ExpressionValue]
        /// The changes that would make it hold, for a clinician: "stress were 7 or more (it is 5)".
        public let changes: [String]
        /// The same changes for a patient, in the schema's words and labels: "stress today: 7
        /// or more (now 5)".
        public let plainChanges: [String]
    }

    /// A rule that could have recommended the action.
    public struct Candidate: Sendable, Hashable {
        public let rule: Rule
        public let failures: [Failure]
    }

    public let action: CatalogAction
    /// Present when the action is in the plan after all.
    public let included: PlanItem?
    /// Present when the action was recommended and then removed.
    public let removed: RemovedAction?
    /// Rules that could recommend it, fewest changes first.
    public let candidates: [Candidate]
}

extension Explainer {
    /// Why `action` is not in the plan.
    public func whyNot(_ action: CatalogAction) -> WhyNot {
        let included = plan.items.first { $0.action.id == action.id }
        let removed = plan.removed.first { $0.action.id == action.id }
        guard included == nil, removed == nil else {
            return WhyNot(action: action, included: included, removed: removed, candidates: [])
        }
        let analysis = ConditionAnalysis(ruleSet: ruleSet, facts: facts)
        let candidates = ruleSet.rules.filter { rule in
            rule.effects.contains { effect in
                if case .recommend(let recommendation) = effect { return recommendation.action.possibleIDs.contains(action.id) }
                return false
            }
        }.map { WhyNot.Candidate(rule: $0, failures: analysis.failures(of: $0, depth: 0)) }
        return WhyNot(action: action, included: nil, removed: nil,
                      candidates: candidates.sorted { ($0.failures.flatMap(\.changes).count, $0.rule.id) < ($1.failures.flatMap(\.changes).count, $1.rule.id) })
    }
}

/// Works out, from typed conditions, what would have to change for them to hold.
struct ConditionAnalysis {
    let ruleSet: RuleSet
    let facts: FactView

    func failures(of rule: Rule, depth: Int) -> [WhyNot.Failure] {
        guard rule.enabled else {
            return [WhyNot.Failure(condition: "the rule is disabled", value: .bool(false), values: [], operands: [],
                                   changes: ["the rule were enabled"], plainChanges: ["your clinic turned this rule on"])]
        }
        return rule.condition.elements.compactMap { element in
            switch element {
            case .test(let expr):
                let (value, values) = facts.evaluate(expr)
                if case .bool(true) = value { return nil }
                let byID = Dictionary(values.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                return WhyNot.Failure(condition: expr.text, value: value, values: values,
                                      operands: expr.operands.compactMap { byID[$0.id] }, changes: changes(expr, depth: depth),
                                      plainChanges: changes(expr, depth: depth, plain: true))
            case .pattern(_, let name, let template, let filter):
                let text = "\(name): \(template)" + (filter.map { " where \($0.text)" } ?? "")
                return WhyNot.Failure(condition: text, value: .bool(false), values: [], operands: [],
                                      changes: ["there were a '\(template)' fact" + (filter.map { " with \($0.text)" } ?? "")],
                                      plainChanges: ["Steady had worked out a matching \(words.name(template))"])
            }
        }
    }

    /// The changes that would make `expr` true (empty when it already is), for a clinician or,
    /// `plain`, for a patient.
    func changes(_ expr: CheckedExpr, depth: Int, plain: Bool = false) -> [String] {
        let value = facts.evaluate(expr).value
        if case .bool(true) = value { return [] }
        switch expr.kind {
        case .and(let terms):
            return terms.flatMap { changes($0, depth: depth, plain: plain) }
        case .or(let terms):
            return terms.map { changes($0, depth: depth, plain: plain) }.filter { !$0.isEmpty }.min { $0.count < $1.count } ?? []
        case .fact(let name) where expr.type == .bool:
            return derivedChanges(name, depth: depth, plain: plain) ?? [plain ? "\(words.name(name)): yes (\(current(name, plain: true)))" : "\(name) were true"]
        case .not(let inner):
            if case .fact(let name) = inner.kind {
                return [ruleSet.schema.facts[name]?.isDerived == false && plain ? "\(words.name(name)): no (\(current(name, plain: true)))"
                                                                                  : "there were no \(describe(name))"]
            }
        case .compare(let op, let left, let right):
            if let change = comparison(op, left, right, plain: plain) { return [change] }
            if plain, [left, right].contains(where: { if case .history = $0.kind { true } else { false } }) {
                return ["your check-ins of the past days had shown it"]
            }
        case .contains(let element, let collection, let negated):
            if case .constant(.string(let item)) = element.kind, case .fact(let name) = collection.kind {
                guard plain else { return [negated ? "'\(item)' were not among \(name)" : "'\(item)' were among \(name)"] }
                let label = words.value(.string(item), of: name)
                return ["\(words.name(name)): \(negated ? "not " : "")\(label)"]
            }
        case .between(let subject, let low, let high, let negated):
            if case .fact(let name) = subject.kind, case .constant(let a) = low.kind, case .constant(let b) = high.kind {
                return [plain ? "\(words.name(name)): \(negated ? "outside" : "between") \(a) and \(b) (\(current(name, plain: true)))"
                              : "\(name) were \(negated ? "outside" : "between") \(a) and \(b) (\(current(name)))"]
            }
        case .known(let inner):
            if plain, case .fact(let name) = inner.kind { return ["you had told Steady your \(words.name(name))"] }
            return ["\(inner.text) were reported"]
        case .history:
            if plain { return ["your check-ins of the past days had shown it"] }
        default:
            break
        }
        return [plain ? "another of its conditions had held" : "'\(expr.text)' held"]
    }

    /// The patient's words for facts and values.
    private var words: FactWords { FactWords(schema: ruleSet.schema) }

    /// How to name a derived fact in a sentence: its description, or its name.
    private func describe(_ name: String) -> String {
        ruleSet.schema.facts[name]?.summary ?? name
    }

    /// "stress were 7 or more (it is 5)" for `fact op constant`, either way round; `plain`:
    /// "stress today: 7 or more (now 5)".
    private func comparison(_ op: BinaryOperator, _ left: CheckedExpr, _ right: CheckedExpr, plain: Bool) -> String? {
        var op = op
        var fact = left, constant = right
        if case .constant = left.kind {
            fact = right
            constant = left
            op = switch op {
            case .less: .greater
            case .lessEqual: .greaterEqual
            case .greater: .less
            case .greaterEqual: .lessEqual
            default: op
            }
        }
        guard case .fact(let name) = fact.kind, case .constant(let constantValue) = constant.kind else { return nil }
        let bound = plain ? words.value(constantValue, of: name) : constantValue.description
        let target: String = switch op {
        case .greaterEqual: "\(bound) or more"
        case .greater: "more than \(bound)"
        case .lessEqual: "\(bound) or less"
        case .less: "less than \(bound)"
        case .equal: "\(bound)"
        case .notEqual: plain ? "not \(bound)" : "anything but \(bound)"
        default: "\(bound)"
        }
        return plain ? "\(words.name(name)): \(target) (\(current(name, plain: true)))" : "\(name) were \(target) (\(current(name)))"
    }

    /// "it is 5", or "it was not reported"; `plain`: "now 5", or "not reported".
    private func current(_ name: String, plain: Bool = false) -> String {
        switch facts.value(of: name) {
        case .unknown?, nil: plain ? "not reported" : "it was not reported"
        case let value?: plain ? "now \(words.value(value, of: name))" : "it is \(value)"
        }
    }

    /// For a derived bool: the changes of the rule that derives it with the fewest changes.
    private func derivedChanges(_ name: String, depth: Int, plain: Bool) -> [String]? {
        guard depth < 4, ruleSet.schema.facts[name]?.isDerived == true else { return nil }
        let derivers = ruleSet.rules.filter { Stratifier.writes(of: $0).contains(name) }
        let options = derivers.map { rule in
            failures(of: rule, depth: depth + 1).flatMap { plain ? $0.plainChanges : $0.changes }
        }.filter { !$0.isEmpty }
        return options.min { $0.count < $1.count }
    }
}
