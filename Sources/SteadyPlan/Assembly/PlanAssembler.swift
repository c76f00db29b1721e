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

    /// Which rules, catalog and policy this assembler's plans come from.
    public let provenance: Plan.Provenance
    /// The catalog's actions by id, each with what the policy says of it: a plan looks up each
    /// of its actions, and hashing an id costs less than the catalog's binary search comparing
    /// it with several others.
    private let actions: IDTable<Listed>

    /// A catalog action and the policy's word on it, worked out once rather than for each plan.
    private struct Listed {
        let action: CatalogAction
        /// Its place in the catalog, which is sorted by id: actions in a plan are told apart,
        /// and ordered by id, by this number.
        let index: Int
        /// Whether its minutes count against the time budget (its category is not exempt).
        let usesBudget: Bool
        /// Its slot's place in the policy's slot order (a slot the order does not list comes last).
        let slotRank: Int
        /// Its catalog group's number (groups numbered in catalog order), or nil outside any group:
        /// a plan tells groups apart by number, without reading or comparing their names.
        let group: Int?
        /// Whether it has contraindications to evaluate.
        let hasContraindications: Bool
    }

    public init(ruleSet: RuleSet, catalog: ActionCatalog, policy: PlanPolicy) {
        self.ruleSet = ruleSet
        self.catalog = catalog
        self.policy = policy
        provenance = .init(ruleSet: ruleSet.name, ruleSetVersion: ruleSet.version, ruleSetHash: ruleSet.contentHash,
                           catalog: catalog.name, catalogVersion: catalog.version, catalogHash: catalog.contentHash,
                           policy: policy.name, policyVersion: policy.version)
        var groups: [String: Int] = [:]
        actions = IDTable(catalog.actions.enumerated().map { index, action in
            let group = action.group.map { group in groups[group] ?? { groups[group] = groups.count; return groups.count - 1 }() }
            return (action.id, Listed(action: action, index: index, usesBudget: !policy.budgetExempt.contains(action.category),
                                      slotRank: policy.slotOrder.firstIndex(of: action.slot) ?? Int.max, group: group,
                                      hasContraindications: !action.contraindications.isEmpty))
        })
    }

    /// A recommended action with its recommendations merged: the highest priority, and every
    /// recommendation in firing order.
    private struct Recommended {
        let listed: Listed
        var priority: Int
        var recommendations: [Recommendation]
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
        // An action the catalog lacks is in no plan: it is neither merged nor suppressed.
        var suppressions: [[RemovedAction.Cause]] = [], suppressed = CatalogPositions()
        // Each recommended action once, its recommendations merged in place.
        var entries: [Recommended] = [], positions = CatalogPositions()
        // Arrays sized once: growing them step by step reallocates each a few times per plan.
        entries.reserveCapacity(effects.count)
        // By position, so that an effect is not copied whole (a reference counted per string) to be looked at.
        for position in effects.indices {
            let (index, rule) = (effects[position].firing, effects[position].rule)
            switch effects[position].effect {
            case .recommended(let action, let priority, let reason):
                guard let listed = actions[action] else { continue }
                let recommendation = Recommendation(firing: index, rule: rule, reason: reason)
                guard let position = positions.position(of: listed.index) else {
                    positions.append(listed.index)
                    entries.append(Recommended(listed: listed, priority: priority, recommendations: [recommendation]))
                    continue
                }
                entries[position].priority = max(entries[position].priority, priority)
                entries[position].recommendations.append(recommendation)
            case .suppressed(let action, let reason):
                guard let listed = actions[action] else { continue }
                let cause = RemovedAction.Cause.suppressed(rule: rule, firing: index, reason: reason)
                if let position = suppressed.position(of: listed.index) {
                    suppressions[position].append(cause)
                } else {
                    suppressed.append(listed.index)
                    suppressions.append([cause])
                }
            default:
                break
            }
        }
        let (budget, source) = budget(facts)
        var included: [(listed: Listed, entry: Int)] = [], removed: [RemovedAction] = []
        included.reserveCapacity(min(entries.count, policy.maxItems))
        removed.reserveCapacity(entries.count)
        var minutesLeft = budget
        // At most `maxItems` groups are held: a scan finds one.
        var groupHolders: [(group: Int, holder: CatalogAction)] = []
        // Entries are read in place, field by field: a copy of one (or of its id, to compare)
        // counts a reference for each of its arrays.
        let placed = entries.withUnsafeBufferPointer { entries in
            // Highest priority first, then by id (the catalog's order).
            let order = entries.indices.sorted { a, b in
                entries[a].priority != entries[b].priority ? entries[a].priority > entries[b].priority : entries[a].listed.index < entries[b].listed.index
            }
            for position in order {
                let listed = entries[position].listed, action = listed.action
                func remove(_ causes: [RemovedAction.Cause]) {
                    removed.append(RemovedAction(action: action, priority: entries[position].priority,
                                                 recommendations: entries[position].recommendations, causes: causes))
                }
                if safetyCardOnly { remove([.safetyCard]); continue }
                if let position = suppressed.position(of: listed.index) { remove(suppressions[position]); continue }
                if listed.hasContraindications {
                    let contraindications = contraindications(of: action, facts: facts)
                    if !contraindications.isEmpty { remove(contraindications); continue }
                }
                if let rest = action.restDays, action.category != .safety, let daysAgo = facts.daysSinceSuggested(action.id), daysAgo <= rest {
                    remove([.resting(daysAgo: daysAgo, restDays: rest)])
                    continue
                }
                if let group = listed.group, let taken = groupHolders.first(where: { $0.group == group }) {
                    remove([.groupTaken(group: action.group!, by: taken.holder)])
                    continue
                }
                if included.count >= policy.maxItems { remove([.overLimit(maxItems: policy.maxItems)]); continue }
                if listed.usesBudget, action.minutes > minutesLeft { remove([.overBudget(minutesLeft: minutesLeft)]); continue }
                if listed.usesBudget { minutesLeft -= action.minutes }
                if let group = listed.group { groupHolders.append((group, action)) }
                included.append((listed, position))
            }
            // By slot in the policy's order (a slot it does not list last), in priority order within a slot.
            return included.indices.sorted { (included[$0].listed.slotRank, $0) < (included[$1].listed.slotRank, $1) }.map { index in
                let (action, entry) = (included[index].listed.action, included[index].entry)
                return PlanItem(action: action, slot: action.slot, priority: entries[entry].priority,
                                recommendations: entries[entry].recommendations)
            }
        }
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
        // By position, as in assemble: most effects are not alerts and are only looked at.
        for position in effects.indices {
            guard case .alerted(let level, let message, let action) = effects[position].effect else { continue }
            let (index, rule) = (effects[position].firing, effects[position].rule)
            if let existing = alerts.firstIndex(where: { $0.level == level && $0.message.hasSameText(as: message) }) {
                let old = alerts[existing]
                alerts[existing] = PlanAlert(level: level, message: message, action: old.action,
                                             rules: old.rules.contains(rule) ? old.rules : old.rules + [rule],
                                             firings: old.firings + [index])
            } else {
                alerts.append(PlanAlert(level: level, message: message, action: action.flatMap { actions[$0]?.action },
                                        rules: [rule], firings: [index]))
            }
        }
        // Levels are declared most urgent first.
        let urgency = Alert.Level.allCases
        return alerts.count < 2 ? alerts : alerts.sorted {
            (urgency.firstIndex(of: $0.level)!, $0.message.text) < (urgency.firstIndex(of: $1.level)!, $1.message.text)
        }
    }

    /// The contraindications of `action` that hold today, with the values that made them hold.
    private func contraindications(of action: CatalogAction, facts: FactView) -> [RemovedAction.Cause] {
        action.contraindications.compactMap { contraindication in
            guard facts.holds(contraindication.condition) else { return nil }
            let (_, values) = facts.evaluate(contraindication.condition)
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

/// The position of each of a plan's distinct actions, by their place in the catalog, in the
/// order they came: a plan has a handful, found by a scan, but one may have as many as the
/// catalog, so past ``CatalogPositions/scanned`` they are hashed too.
private struct CatalogPositions {
    private var indices: [Int] = []
    private var hashed: [Int: Int] = [:]
    /// How many actions a look-up scans before they are hashed.
    static let scanned = 16

    func position(of index: Int) -> Int? {
        indices.count <= Self.scanned ? indices.firstIndex(of: index) : hashed[index]
    }

    /// Adds `index`, which is not here yet, at the next position.
    mutating func append(_ index: Int) {
        if indices.isEmpty { indices.reserveCapacity(Self.scanned) }
        indices.append(index)
        if indices.count == Self.scanned + 1 {
            hashed = Dictionary(uniqueKeysWithValues: indices.enumerated().map { ($1, $0) })
        } else if indices.count > Self.scanned {
            hashed[index] = indices.count - 1
        }
    }
}
