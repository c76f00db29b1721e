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

    public init(name: String, version: String, timeBudgetMinutes: Int, maxItems: Int, slotOrder: [CatalogAction.Slot],
                budgetFact: String? = nil) {
        self.name = name
        self.version = version
        self.timeBudgetMinutes = timeBudgetMinutes
        self.maxItems = maxItems
        self.slotOrder = slotOrder
        self.budgetFact = budgetFact
    }

    /// The policy used when no policy file is loaded.
    public static let standard = PlanPolicy(name: "default", version: "1", timeBudgetMinutes: 45, maxItems: 6,
                                            slotOrder: [.morning, .midday, .evening, .any])
}
