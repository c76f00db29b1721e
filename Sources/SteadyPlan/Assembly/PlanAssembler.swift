import SteadyEngine
import SteadyRules

/// Turns a run's recommendations into a plan, in this order: drop suppressed
/// actions, drop contraindicated ones, merge duplicates (keeping every reason), order by
/// priority, keep one action per catalog group, fit the time budget (which the policy's
/// exempt categories do not use) and item limit, place in slots. Safety alerts head the plan
/// and are never dropped; an alert of one of the policy's safety-card levels reduces the plan
/// to the safety card.
///
/// ```swift
/// let run = try session.run()
/// let plan = PlanAssembler(ruleSet: rules, catalog: catalog, policy: policy).assemble(run, facts: session.view())
/// ```
///
/// ``Planner`` owns this step: make plans through it.
public struct PlanAssembler: Sendable {
    public let ruleSet: RuleSet
    public let catalog: ActionCatalog
    public let policy: PlanPolicy

    public init(ruleSet: RuleSet, catalog: ActionCatalog, policy: PlanPolicy) {
        self.ruleSet = ruleSet
        self.catalog = catalog
        self.policy = policy
    }

    /// Which rules, catalog and policy this assembler's plans come from.
    public var provenance: Plan.Provenance {
        .init(ruleSet: ruleSet.name, ruleSetVersion: ruleSet.version, ruleSetHash: ruleSet.contentHash,
              catalog: catalog.name, catalogVersion: catalog.version, catalogHash: catalog.contentHash,
              policy: policy.name, policyVersion: policy.version)
    }

    /// The plan from `run`, reading today's values (budget, contraindications, earlier plans) from `facts`.
    /// `profile` says which facts came from the patient's profile.
    public func assemble(_ run: Run, facts: FactView, profile: Profile.Use? = nil) -> Plan {
        assemble(run.planEffects, facts: facts, profile: profile)
    }

    /// The plan from the recommendations, suppressions and alerts of a run's active firings
    /// (in firing order), reading today's values from `facts`.
    public func assemble(_ effects: [PlanEffect], facts: FactView, profile: Profile.Use? = nil) -> Plan {
        let alerts = collectAlerts(effects)
        let safetyCardOnly = alerts.contains { policy.safetyCardLevels.contains($0.level) }
        var suppressions: [String: [RemovedAction.Cause]] = [:]
        var merged: [String: (priority: Int, reasons: [Reason], firings: [Int], rules: [String])] = [:]
        for planEffect in effects {
            let (index, rule) = (planEffect.firing, planEffect.rule)
            switch planEffect.effect {
            case .recommended(let action, let priority, let reason):
                var entry = merged[action] ?? (0, [], [], [])
                entry.priority = max(entry.priority, priority)
                if !entry.reasons.contains(where: { $0.text == reason.text }) { entry.reasons.append(reason) }
                entry.firings.append(index)
                if !entry.rules.contains(rule) { entry.rules.append(rule) }
                merged[action] = entry
            case .suppressed(let action, let reason):
                suppressions[action, default: []].append(.suppressed(rule: rule, firing: index, reason: reason))
            default:
                break
            }
        }
        let (budget, source) = budget(facts)
        var items: [PlanItem] = [], removed: [RemovedAction] = []
        var minutesLeft = budget
        var groupHolders: [String: CatalogAction] = [:]
        let ordered = merged.sorted { ($1.value.priority, $0.key) < ($0.value.priority, $1.key) }
        for (id, entry) in ordered {
            guard let action = catalog.action(id) else { continue }
            func remove(_ causes: [RemovedAction.Cause]) {
                removed.append(RemovedAction(action: action, priority: entry.priority, reasons: entry.reasons,
                                             firings: entry.firings, causes: causes))
            }
            if safetyCardOnly { remove([.safetyCard]); continue }
            if let causes = suppressions[id] { remove(causes); continue }
            let contraindications = contraindications(of: action, facts: facts)
            if !contraindications.isEmpty { remove(contraindications); continue }
            if let rest = action.restDays, action.category != .safety, let daysAgo = facts.daysSinceSuggested(id), daysAgo <= rest {
                remove([.resting(daysAgo: daysAgo, restDays: rest)])
                continue
            }
            if let group = action.group, let holder = groupHolders[group] {
                remove([.groupTaken(group: group, by: holder)])
                continue
            }
            if items.count >= policy.maxItems { remove([.overLimit(maxItems: policy.maxItems)]); continue }
            let usesBudget = !policy.budgetExempt.contains(action.category)
            if usesBudget, action.minutes > minutesLeft { remove([.overBudget(minutesLeft: minutesLeft)]); continue }
            if usesBudget { minutesLeft -= action.minutes }
            if let group = action.group { groupHolders[group] = action }
            items.append(PlanItem(action: action, slot: action.slot, priority: entry.priority, reasons: entry.reasons,
                                  firings: entry.firings, rules: entry.rules))
        }
        let slotRank = Dictionary(uniqueKeysWithValues: policy.slotOrder.enumerated().map { ($1, $0) })
        let placed = items.enumerated().sorted { (slotRank[$0.element.slot] ?? 9, $0.offset) < (slotRank[$1.element.slot] ?? 9, $1.offset) }
            .map(\.element)
        return Plan(
            date: facts.today,
            provenance: provenance,
            alerts: alerts, safetyCardOnly: safetyCardOnly, items: placed, removed: removed,
            budgetMinutes: budget, budgetSource: source, budgetUsed: budget - minutesLeft,
            profile: profile)
    }

    /// Alerts merged by level and message, most urgent first.
    private func collectAlerts(_ effects: [PlanEffect]) -> [PlanAlert] {
        var alerts: [PlanAlert] = []
        for case let (index, rule, .alerted(level, message, action)) in effects.lazy.map({ ($0.firing, $0.rule, $0.effect) }) {
            if let existing = alerts.firstIndex(where: { $0.level == level && $0.message.text == message.text }) {
                let old = alerts[existing]
                alerts[existing] = PlanAlert(level: level, message: message, action: old.action,
                                             rules: old.rules.contains(rule) ? old.rules : old.rules + [rule],
                                             firings: old.firings + [index])
            } else {
                alerts.append(PlanAlert(level: level, message: message, action: action.flatMap { catalog.action($0) },
                                        rules: [rule], firings: [index]))
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: Alert.Level.allCases.enumerated().map { ($1, $0) })
        return alerts.sorted { (rank[$0.level]!, $0.message.text) < (rank[$1.level]!, $1.message.text) }
    }

    /// The contraindications of `action` that hold today.
    private func contraindications(of action: CatalogAction, facts: FactView) -> [RemovedAction.Cause] {
        action.contraindications.compactMap { contraindication in
            let (value, values) = facts.evaluate(contraindication.condition)
            guard case .bool(true) = value else { return nil }
            return .contraindicated(condition: contraindication.condition.text, reason: contraindication.reason, values: values)
        }
    }

    /// Minutes available today, or the policy's default when the person did not say.
    private func budget(_ facts: FactView) -> (Int, BudgetSource) {
        if let fact = policy.budgetFact, case .integer(let minutes)? = facts.value(of: fact) {
            return (minutes, .stated)
        }
        return (policy.timeBudgetMinutes, .policyDefault)
    }
}
