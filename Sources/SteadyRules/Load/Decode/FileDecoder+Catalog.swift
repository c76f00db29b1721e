// Catalog files: actions with their contraindications.
extension FileDecoder {
    static let actionKeys = ["id", "title", "category", "minutes", "slot", "steps", "contraindications", "evidence", "description",
                             "rest_days", "group", "reviewed"]
    static let contraindicationKeys = ["when", "reason"]

    mutating func decodeAction(_ node: YAMLNode) -> ActionSyntax? {
        let label = ruleLabel(node).replacingOccurrences(of: "rule", with: "action")
        guard let fields = reader.mapping(node, in: label, allowed: Self.actionKeys,
                                          required: ["id", "title", "category", "minutes", "slot"]) else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0.value, "action id", style: .action) }
        let title = fields["title"].flatMap { reader.string($0.value, "title") }
        let category = fields["category"].flatMap { enumValue($0.value, CatalogAction.Category.self, "category") }
        let minutes = fields["minutes"].flatMap { reader.integer($0.value, "minutes", in: 0...600) }
        let slot = fields["slot"].flatMap { enumValue($0.value, CatalogAction.Slot.self, "slot") }
        let steps = fields["steps"].flatMap { reader.strings($0.value, "steps") } ?? []
        let evidence = decodeEvidence(fields)
        let reviewed = decodeReviewed(fields)
        let group = fields["group"].flatMap { reader.identifier($0.value, "group", style: .fact) }
        let restDays = fields["rest_days"].flatMap { reader.integer($0.value, "rest_days", in: 1...30) }
        if let description = fields["description"] { _ = reader.string(description.value, "description") }
        var contraindications: [(EmbeddedSource, String?)] = []
        if let pair = fields["contraindications"], let items = reader.sequence(pair.value, "contraindications") {
            for item in items {
                if case .mapping = item.kind {
                    guard let entry = reader.mapping(item, in: "a contraindication", allowed: Self.contraindicationKeys, required: ["when"]),
                          let when = entry["when"].flatMap({ reader.expression($0.value, "'when'") }) else { continue }
                    contraindications.append((when, entry["reason"].flatMap { reader.string($0.value, "reason") }))
                } else if let when = reader.expression(item, "a contraindication") {
                    contraindications.append((when, nil))
                }
            }
        }
        guard let id, let title, let category, let minutes, let slot else { return nil }
        return ActionSyntax(id: id, idSpan: reader.span(fields["id"]!.value, length: id.count), title: title,
                            category: category, minutes: minutes, slot: slot, steps: steps,
                            contraindications: contraindications, evidence: evidence, reviewed: reviewed,
                            restDays: restDays, group: group)
    }
}
