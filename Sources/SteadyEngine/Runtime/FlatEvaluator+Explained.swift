import SteadyRules

extension FlatEvaluator {
    /// An explained run, with what the plan needs of it.
    public struct Explained {
        /// The run as a session with explanations makes it: firings with their matches, reads,
        /// sub-expression values and effects, the trace, derived facts and every miss.
        public let run: Run
        /// The run's recommendations, suppressions and alerts (``Run/planEffects``).
        public let effects: [PlanEffect]
        /// The facts at the fixpoint.
        public let facts: FactView
    }

    /// Runs the rules on `facts` and explains the run: the ``Run`` a ``Session`` that
    /// explains makes (``Session/explains``), equal to it in every part. Nil when the facts or
    /// the run are outside what the flat run covers (``run(_:scratch:)``).
    ///
    /// The run is made first; its explanation is built afterwards from the firings it logged
    /// and the facts at the fixpoint. That is exact for the rule sets this evaluator covers:
    /// no rule reads what its own stratum or a later one derives, so every value a firing's
    /// condition, reads, reasons and derived values read was settled before it fired and is
    /// unchanged at the fixpoint.
    public func explainedRun(_ facts: FactBase, scratch: Scratch) -> Explained? {
        guard load(facts, into: scratch) else { return nil }
        scratch.firings = []
        defer { scratch.firings = nil }
        guard let result = planRun(scratch), let log = scratch.firings else { return nil }
        let memory = scratch.memory, slots = network.slots
        let view = result.facts
        let recorder = TraceRecorder(facts: view)
        var trace: [TraceEvent] = facts.values.sorted { $0.key < $1.key }.map { .input(fact: $0.key, value: $0.value) }
        var firings: [Firing] = []
        firings.reserveCapacity(log.count)
        /// Per slot: the firing that derived it first (its value is the slot's).
        var derivedBy = [Int?](repeating: nil, count: slots.names.count)
        var announced: Set<Int> = []
        /// The run's next plan effect: they come in firing order, each firing's in `then` order.
        var next = 0
        for (index, (number, position)) in log.enumerated() {
            let rule = network.rules[number]
            trace.append(.fired(firing: index))
            var matched: [FactInstance] = [], matchedFacts: [MatchedFact] = []
            if let pattern = rule.patterns.first, position >= 0 {
                let instance = memory.instances[pattern.template][position]
                memory.bound[pattern.binding] = instance.fields
                matched = [instance]
                // A flat rule set's rule has one pattern at most.
                matchedFacts = [MatchedFact(binding: rule.rule.condition.patternNames[0], instance, slots: slots)]
            }
            let values = recorder.values(of: rule.rule, matched: matched)
            var effects: [Effect] = [], derivedSlots: [Int] = []
            for (effectPosition, effect) in rule.effects.enumerated() {
                switch effect {
                case .deriveSlot(let slot, let value):
                    effects.append(.derived(fact: slots.names[slot], value: value?(memory) ?? .bool(true)))
                    derivedSlots.append(slot)
                case .deriveInstance(let template, let fields):
                    let values = fields.values(memory)
                    // The equal instance in memory: this firing's, or an earlier one's.
                    let instance = memory.instances[template].first { $0.fields == values }!
                    if instance.provenance == .derived(firing: index), announced.insert(instance.id).inserted {
                        trace.append(.instanceAsserted(template: slots.templates[template], instance: instance.id, by: index))
                    }
                    effects.append(.derivedInstance(template: slots.templates[template], instance: instance.id,
                                                    fields: Dictionary(uniqueKeysWithValues: zip(slots.fields[template], values))))
                case .recommend, .suppress, .alert:
                    // The run made it already, its reason rendered (none when a computed id named no action).
                    guard next < result.effects.count, result.effects[next].firing == index,
                          result.effects[next].position == effectPosition else { continue }
                    effects.append(result.effects[next].effect)
                    next += 1
                }
            }
            let reads = rule.readSlots.map { slot in
                FactRead(fact: slots.names[slot], value: memory.facts[slot],
                         provenance: slots.derivedDefault[slot] == nil ? .input : derivedBy[slot].map { .derived(firing: $0) } ?? .notDerived)
            }
            firings.append(Firing(index: index, rule: rule.rule.id, stratum: rule.stratum, matched: matchedFacts, reads: reads,
                                  values: values, effects: effects))
            // A derived fact takes its first firing's value: announced then, if it changed the default.
            for slot in derivedSlots where derivedBy[slot] == nil {
                derivedBy[slot] = index
                if memory.facts[slot] != slots.derivedDefault[slot]! {
                    trace.append(.asserted(fact: slots.names[slot], value: memory.facts[slot], by: index))
                }
            }
        }
        let derived = memory.derivedFacts(network)
        var fired = [Bool](repeating: false, count: network.rules.count)
        for (number, _) in log { fired[number] = true }
        let misses = recorder.misses(network, fired: { fired[$0] }, holds: { holds($0, scratch) })
        let run = Run(firings: firings, active: Array(firings.indices), trace: trace, derived: derived.facts,
                      derivedInstances: derived.instances, misses: misses)
        return Explained(run: run, effects: result.effects, facts: view)
    }
}
