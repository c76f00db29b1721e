import SteadyEngine
import SteadyRules

/// Builds explanations from a plan and the run behind it: never by re-running rules.
public struct Explainer: Sendable {
    public let ruleSet: RuleSet
    public let plan: Plan
    public let run: Run
    /// The facts at the run's fixpoint, for why-not's "it is 5".
    public let facts: FactView

    public init(ruleSet: RuleSet, plan: Plan, run: Run, facts: FactView) {
        self.ruleSet = ruleSet
        self.plan = plan
        self.run = run
        self.facts = facts
    }

    /// Why `action` is in the plan (or was recommended and removed).
    public func why(_ action: CatalogAction) -> Why {
        if let item = plan.items.first(where: { $0.action.id == action.id }) {
            return Why(action: action, status: .included(item), derivations: item.firings.map { derivation(of: $0) })
        }
        if let alert = plan.alerts.first(where: { $0.action?.id == action.id }) {
            return Why(action: action, status: .alert(alert), derivations: alert.firings.map { derivation(of: $0) })
        }
        if let removed = plan.removed.first(where: { $0.action.id == action.id }) {
            return Why(action: action, status: .removed(removed), derivations: removed.firings.map { derivation(of: $0) })
        }
        return Why(action: action, status: .notRecommended, derivations: [])
    }

    /// The derivation tree of one firing.
    public func derivation(of index: Int) -> DerivationNode {
        var visited: Set<Int> = []
        return node(index, visited: &visited)
    }

    private func node(_ index: Int, visited: inout Set<Int>) -> DerivationNode {
        visited.insert(index)
        let firing = run.firings[index]
        var sources: [Int] = []
        for read in firing.reads {
            if case .derived(let by) = read.provenance { sources.append(by) }
        }
        for fact in firing.matched {
            if case .derived(let by) = fact.provenance { sources.append(by) }
        }
        var children: [DerivationNode] = []
        for source in sources where !visited.contains(source) {
            children.append(node(source, visited: &visited))
        }
        return DerivationNode(
            firing: firing, rule: ruleSet.rule(firing.rule)!,
            inputs: firing.reads.filter { $0.provenance == .input || $0.provenance == .history },
            matchedInputs: firing.matched.filter { $0.provenance == .input || $0.provenance == .history },
            history: historyReads(of: firing, rule: ruleSet.rule(firing.rule)!),
            children: children)
    }
}
