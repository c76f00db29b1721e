import SteadyRules

/// The result of running a rule set to its fixpoint.
public struct Run: Sendable, Hashable {
    /// Every firing in order, including ones later withdrawn.
    public let firings: [Firing]
    /// Indices of firings whose match still holds at the fixpoint.
    public let active: [Int]
    public let trace: [TraceEvent]
    /// Derived single facts at the fixpoint, by name.
    public let derived: [String: Value]
    /// Derived instances at the fixpoint, by template.
    public let derivedInstances: [String: [[String: Value]]]
    /// For every enabled rule with no active firing: the first condition that failed.
    public let misses: [String: Miss]

    /// The effects of the active firings, in firing order.
    public var effects: [Effect] { active.flatMap { firings[$0].effects } }

    /// The ids of recommended actions (before plan assembly), sorted and unique.
    public var recommendedActions: [String] {
        Array(Set(effects.compactMap { if case .recommended(let action, _, _) = $0 { action } else { nil } })).sorted()
    }

    /// Rule ids of active firings, in firing order.
    public var firedRules: [String] { active.map { firings[$0].rule } }
}

extension WorkingMemory {
    /// The derived single facts by name, and the derived instances by template name (every
    /// derived template, empty or not), as a run reports them.
    func derivedFacts(_ network: CompiledRuleSet) -> (facts: [String: Value], instances: [String: [[String: Value]]]) {
        var derived = [String: Value](minimumCapacity: network.slots.derivedCount)
        for (slot, name) in network.slots.names.enumerated() where network.slots.derivedDefault[slot] != nil {
            derived[name] = facts[slot]
        }
        var instances: [String: [[String: Value]]] = [:]
        for (template, name) in network.slots.templates.enumerated()
            where network.ruleSet.schema.templates[name]?.isDerived == true
        {
            instances[name] = self.instances[template].map { Dictionary(uniqueKeysWithValues: zip(network.slots.fields[template], $0.fields)) }
        }
        return (derived, instances)
    }
}
