import SteadyRules

extension ActionTarget {
    /// The action this target names on `memory`'s facts and bindings; nil when a computed id is
    /// unknown (it names no action, so nothing is recommended or suppressed).
    func action(in memory: WorkingMemory) -> String? {
        switch self {
        case .fixed(let action): return action
        case .computed(let evaluate):
            if case .string(let action) = evaluate(memory) { return action }
            return nil
        }
    }
}

extension Reason {
    /// The reason (or message) `compiled` makes on `memory`'s facts and bindings.
    init(_ compiled: CompiledReason, memory: WorkingMemory) {
        var values: [String] = []
        if !compiled.values.isEmpty { values.reserveCapacity(compiled.values.count) }
        for evaluate in compiled.values {
            let value = switch evaluate(memory) {
            case .string(let text): text
            case .unknown: "unknown"
            // People read "5.4 hours", not "5.357142857142857 hours".
            case .number(let number) where number.isFinite: Value.readable(number)
            case let value: value.description
            }
            values.append(value)
        }
        self.init(compiled.template, values: values)
    }
}

extension WorkingMemory {
    /// Loads the earlier check-ins and earlier plans' actions of `facts` (those before its
    /// `today`), by days before today, for the history functions.
    func loadHistory(_ facts: FactBase, slots: SlotTable) {
        guard let today = facts.today else { return }
        for (day, values) in facts.history where day < today {
            var past = slots.initialValues
            for (name, value) in values {
                if let slot = slots.slotOf[name], slots.derivedDefault[slot] == nil { past[slot] = value }
            }
            let daysAgo = today.daysSinceEpoch - day.daysSinceEpoch
            pastFacts[daysAgo] = past
            historyDays = max(historyDays, daysAgo)
        }
        for event in ActionEvent.allCases {
            for (day, actions) in facts.actions(event) where day < today {
                pastActions[event, default: [:]][today.daysSinceEpoch - day.daysSinceEpoch] = actions
            }
        }
    }
}
