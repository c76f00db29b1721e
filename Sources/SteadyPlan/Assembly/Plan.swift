import SteadyEngine
import SteadyRules

/// Today's plan: safety alerts first, then actions placed in time-of-day slots, each with the
/// reasons and the firings that explain it; and every recommended action that was left out,
/// with why.
public struct Plan: Sendable {
    /// Which rules, catalog and policy made the plan, so an auditor can reproduce it.
    public struct Provenance: Sendable, Hashable {
        public let ruleSet: String
        public let ruleSetVersion: String
        public let ruleSetHash: String
        public let catalog: String
        public let catalogVersion: String
        public let catalogHash: String
        public let policy: String
        public let policyVersion: String
    }

    public let date: Day?
    public let provenance: Provenance
    /// Most urgent first; never dropped.
    public let alerts: [PlanAlert]
    /// True when a red-flag alert reduced the plan to the safety card.
    public let safetyCardOnly: Bool
    /// Included actions, by slot in the policy's order, highest priority first within a slot.
    public let items: [PlanItem]
    /// Recommended actions that did not make it into the plan, with the reason.
    public let removed: [RemovedAction]
    public let budgetMinutes: Int
    /// Where the budget came from: the person's available minutes or the policy default.
    public let budgetSource: BudgetSource
    /// The minutes of the items that count against the budget (the policy's exempt
    /// categories, such as a call to the clinic, do not).
    public let budgetUsed: Int
    /// Which facts came from the patient's profile, and which profile values were too old to
    /// use; nil when the plan was made from a state alone.
    public let profile: Profile.Use?
    /// The minutes of every item, exempt or not.
    public var totalMinutes: Int { items.map(\.action.minutes).reduce(0, +) }
}

/// Where a plan's time budget came from.
public enum BudgetSource: String, Sendable, Hashable, Codable {
    /// The person said how many minutes they have (the policy's `budget_fact`).
    case stated
    /// The policy's `time_budget_minutes`, because the person did not say.
    case policyDefault = "policy_default"
}

/// A safety alert, with the safety action to show with it.
public struct PlanAlert: Sendable, Hashable {
    public let level: Alert.Level
    /// The message the rule wrote.
    public let message: Reason
    public let action: CatalogAction?
    /// Rules whose firings raised it.
    public let rules: [String]
    public let firings: [Int]
}

/// One firing's recommendation of an action: the firing, its rule and the reason it gave.
public struct Recommendation: Sendable, Hashable {
    /// The firing's position in the run's firing order.
    public let firing: Int
    public let rule: String
    public let reason: Reason
}

extension [Recommendation] {
    /// Whether the reason at `index` is the first of its text.
    func isFirstReason(at index: Int) -> Bool {
        !self[..<index].contains { $0.reason.hasSameText(as: self[index].reason) }
    }

    /// Whether the rule at `index` is its first recommendation here.
    func isFirstRule(at index: Int) -> Bool {
        !self[..<index].contains { $0.rule == self[index].rule }
    }

    /// Every distinct reason (by its text), in firing order.
    var distinctReasons: [Reason] { indices.filter(isFirstReason).map { self[$0].reason } }

    /// Every distinct rule, in firing order.
    var distinctRules: [String] { indices.filter(isFirstRule).map { self[$0].rule } }
}

/// One action in the plan.
///
/// An item keeps its recommendations in one array and gives its reasons, firings and rules
/// from it: a plan of the shipped base has a dozen items and removals, and an array each of
/// reasons, firings and rules cost three allocations apiece.
public struct PlanItem: Sendable, Hashable {
    public let action: CatalogAction
    public let slot: CatalogAction.Slot
    /// The highest priority any recommending rule gave it.
    public let priority: Int
    /// Every recommendation of the action, in firing order.
    public let recommendations: [Recommendation]

    /// Every distinct reason (by its text), in firing order.
    public var reasons: [Reason] { recommendations.distinctReasons }
    /// The firings that recommended it.
    public var firings: [Int] { recommendations.map(\.firing) }
    /// The rules that recommended it, each once, in firing order.
    public var rules: [String] { recommendations.distinctRules }
}

/// A recommended action left out of the plan.
public struct RemovedAction: Sendable, Hashable {
    public enum Cause: Sendable, Hashable {
        /// A rule suppressed it.
        case suppressed(rule: String, firing: Int, reason: Reason)
        /// A catalog contraindication held.
        case contraindicated(condition: String, reason: String?, values: [ExpressionValue])
        /// It did not fit the time left.
        case overBudget(minutesLeft: Int)
        /// The plan already had the most items the policy allows.
        case overLimit(maxItems: Int)
        /// A red flag reduced the plan to the safety card.
        case safetyCard
        /// It was in the plan `daysAgo` days ago and rests `restDays` days (catalog `rest_days`).
        case resting(daysAgo: Int, restDays: Int)
        /// Another action of its catalog `group` (`by`) is already in the plan.
        case groupTaken(group: String, by: CatalogAction)
    }

    public let action: CatalogAction
    public let priority: Int
    /// Every recommendation of the action, in firing order.
    public let recommendations: [Recommendation]
    public let causes: [Cause]

    /// Every distinct reason (by its text), in firing order.
    public var reasons: [Reason] { recommendations.distinctReasons }
    /// The firings that recommended it.
    public var firings: [Int] { recommendations.map(\.firing) }
}
