/// How a plan is assembled: the time budget when the person did not say how much time they
/// have, the most items a plan holds, and the order of the time-of-day slots.
///
/// ```yaml
/// policy: cervical-dystonia-plan
/// version: 0.2.0
/// time_budget_minutes: 45
/// max_items: 6
/// slot_order: [morning, midday, evening, any]
/// budget_fact: minutes_available
/// budget_exempt: [safety, medical]
/// safety_card_levels: [emergency, crisis]
/// limits: {max_work: 2000000}
/// ```
public struct PlanPolicy: Sendable, Hashable {
    public let name: String
    public let version: String
    public let timeBudgetMinutes: Int
    public let maxItems: Int
    public let slotOrder: [CatalogAction.Slot]
    /// The input fact holding the minutes the person has today; when it is known it replaces
    /// `timeBudgetMinutes`.
    public let budgetFact: String?
    /// Categories whose minutes do not count against the budget (a clinic call is not self-care time).
    public let budgetExempt: Set<CatalogAction.Category>
    /// Alert levels that reduce the plan to the safety card; alerts of other levels head a plan
    /// that keeps its items.
    public let safetyCardLevels: Set<Alert.Level>
    /// `limits.max_work`: the most candidate instances one plan's matching may examine, when the
    /// clinic sets it (else the engine's default; `--max-work` overrides both).
    public let maxWork: Int?

    /// The range `limits.max_work` (and `--max-work`) accepts.
    public static let workRange = 1_000...100_000_000

    public init(name: String, version: String, timeBudgetMinutes: Int, maxItems: Int, slotOrder: [CatalogAction.Slot],
                budgetFact: String? = nil, budgetExempt: Set<CatalogAction.Category> = [],
                safetyCardLevels: Set<Alert.Level> = [.emergency, .crisis], maxWork: Int? = nil) {
        self.name = name
        self.version = version
        self.timeBudgetMinutes = timeBudgetMinutes
        self.maxItems = maxItems
        self.slotOrder = slotOrder
        self.budgetFact = budgetFact
        self.budgetExempt = budgetExempt
        self.safetyCardLevels = safetyCardLevels
        self.maxWork = maxWork
    }

    /// The policy used when no policy file is loaded.
    public static let standard = PlanPolicy(name: "default", version: "1", timeBudgetMinutes: 45, maxItems: 6,
                                            slotOrder: [.morning, .midday, .evening, .any])
}
