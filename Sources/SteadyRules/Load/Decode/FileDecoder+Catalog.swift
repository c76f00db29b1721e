// Catalog files: actions with their contraindications.
extension FileDecoder {
    static let actionKeys = ["id", "title", "category", "minutes", "slot", "steps", "contraindications", "evidence", "description",
                             "rest_days", "group", "reviewed"]
    static let contraindicationKeys = ["when", "reason"]

    /// The action fields a catalog layer may change with `override:` (not the id, and not the
    /// contraindications, which keep patients safe: a layer leaves an action out with a rule).
    static let overridableActionKeys = ["title", "category", "minutes", "slot", "steps", "evidence", "description", "rest_days", "group", "reviewed"]

    mutating func decodeAction(_ node: YAMLNode) -> ActionSyntax? {
        let label = ruleLabel(node).replacingOccurrences(of: "rule", with: "action")
        guard let fields = reader.mapping(node, in: label, allowed: Self.actionKeys,
                                          required: ["id", "title", "category", "minutes", "slot"]) else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0.value, "action id", style: .action) }
        let given = decodeActionFields(fields)
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
        guard let id, let title = given.title, let category = given.category, let minutes = given.minutes, let slot = given.slot else { return nil }
        return ActionSyntax(id: id, idSpan: reader.span(fields["id"]!.value, length: id.count), title: title,
                            category: category, minutes: minutes, slot: slot, steps: given.steps ?? [],
                            contraindications: contraindications, evidence: given.evidence ?? [], reviewed: given.reviewed,
                            restDays: given.restDays, group: given.group)
    }

    /// A catalog layer's `override: {action_id: {minutes: 10, ...}}`.
    mutating func decodeActionOverrides(_ fields: NodeReader.Fields, into syntax: inout FileSyntax) {
        guard let overrides = fields["override"],
              let pairs = reader.pairs(overrides.value, "'override'", hint: "for example:  override: {walking: {minutes: 15}}") else { return }
        for pair in pairs {
            guard IdentifierStyle.action.matches(pair.key) else {
                reader.report(.invalidIdentifier, "'\(pair.key)' is not \(IdentifierStyle.action)", at: reader.span(key: pair))
                continue
            }
            guard let changes = reader.mapping(pair.value, in: "the override of '\(pair.key)'", allowed: Self.overridableActionKeys) else { continue }
            syntax.actionOverrides.append(ActionOverride(action: pair.key, fields: decodeActionFields(changes), span: reader.span(key: pair)))
        }
    }

    /// The fields an action and an override share, each nil when not given (or invalid, which
    /// is reported).
    private mutating func decodeActionFields(_ fields: NodeReader.Fields) -> ActionFields {
        if let description = fields["description"] { _ = reader.string(description.value, "description") }
        return ActionFields(
            title: fields["title"].flatMap { reader.string($0.value, "title") },
            category: fields["category"].flatMap { enumValue($0.value, CatalogAction.Category.self, "category") },
            minutes: fields["minutes"].flatMap { reader.integer($0.value, "minutes", in: 0...600) },
            slot: fields["slot"].flatMap { enumValue($0.value, CatalogAction.Slot.self, "slot") },
            steps: fields["steps"].flatMap { reader.strings($0.value, "steps") },
            evidence: fields["evidence"] == nil ? nil : decodeEvidence(fields),
            reviewed: decodeReviewed(fields),
            restDays: fields["rest_days"].flatMap { reader.integer($0.value, "rest_days", in: 1...30) },
            group: fields["group"].flatMap { reader.identifier($0.value, "group", style: .fact) })
    }
}
