// The plan policy file: budget, item limit, slots, budget exemptions and safety-card levels.
extension FileDecoder {
    static let limitKeys = ["max_work"]

    mutating func decodePolicy(_ fields: NodeReader.Fields, name: String, version: String) -> PlanPolicy? {
        let budget = fields["time_budget_minutes"].flatMap { reader.integer($0.value, "time_budget_minutes", in: 0...600) }
        let maxItems = fields["max_items"].flatMap { reader.integer($0.value, "max_items", in: 1...50) }
        var slots = PlanPolicy.standard.slotOrder
        if let order = fields["slot_order"], let names = reader.strings(order.value, "slot_order") {
            slots = names.compactMap { CatalogAction.Slot(rawValue: $0) }
            if slots.count != names.count || Set(slots).count != CatalogAction.Slot.allCases.count {
                reader.report(.invalidValue, "slot_order lists each of morning, midday, evening and any once",
                              at: reader.span(order.value))
            }
        }
        let budgetFact = fields["budget_fact"].flatMap { reader.identifier($0.value, "budget_fact", style: .fact) }
        let exempt = fields["budget_exempt"].flatMap { enumValues($0.value, CatalogAction.Category.self, "budget_exempt") }
        let cardLevels = fields["safety_card_levels"].flatMap { enumValues($0.value, Alert.Level.self, "safety_card_levels") }
        var maxWork: Int?
        if let limits = fields["limits"], let entries = reader.mapping(limits.value, in: "limits", allowed: Self.limitKeys) {
            maxWork = entries["max_work"].flatMap { reader.integer($0.value, "limits.max_work", in: PlanPolicy.workRange) }
        }
        guard let budget, let maxItems else { return nil }
        return PlanPolicy(name: name, version: version, timeBudgetMinutes: budget, maxItems: maxItems, slotOrder: slots,
                          budgetFact: budgetFact, budgetExempt: Set(exempt ?? []),
                          safetyCardLevels: cardLevels.map(Set.init) ?? PlanPolicy.standard.safetyCardLevels, maxWork: maxWork)
    }

    /// A list of the raw values of `T`, each checked like a single one.
    private mutating func enumValues<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _: T.Type, _ what: String) -> [T]?
    where T.RawValue == String {
        guard let items = reader.sequence(node, what) else { return nil }
        let values = items.compactMap { enumValue($0, T.self, "each entry of \(what)") }
        return values.count == items.count ? values : nil
    }
}
