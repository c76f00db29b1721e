// Stage 4: the action catalog (contraindications type-checked against the schema).
extension RuleSetBuilder {
    mutating func buildActions(_ files: [FileSyntax], typeCheck: Bool) -> [String: CatalogAction] {
        var actions: [String: CatalogAction] = [:]
        for file in files {
            for syntax in file.actions {
                if let first = actions[syntax.id] {
                    report(.duplicateActionID, "action id '\(syntax.id)' is used twice", at: syntax.idSpan,
                           notes: [.init("first used here", at: first.span)])
                    continue
                }
                var checker = TypeChecker(schema: schema)
                checker.actionIDs = Set(files.flatMap { $0.actions.map(\.id) })
                let contraindications = syntax.contraindications.compactMap { source, reason -> CatalogAction.Contraindication? in
                    guard let expr = parse(source) else { return nil }
                    guard typeCheck else { return nil }
                    return .init(condition: checkTest(expr, source, &checker), reason: reason)
                }
                diagnostics += checker.diagnostics
                actions[syntax.id] = CatalogAction(
                    id: syntax.id, title: syntax.title, category: syntax.category, minutes: syntax.minutes, slot: syntax.slot,
                    steps: syntax.steps, contraindications: contraindications, evidence: syntax.evidence,
                    reviewed: syntax.reviewed, restDays: syntax.restDays, group: syntax.group, span: syntax.idSpan)
            }
        }
        if !typeCheck, let file = files.first, files.contains(where: { $0.actions.contains { !$0.contraindications.isEmpty } }) {
            report(.noCatalog, "no rule set was loaded, so contraindications were parsed but not type-checked",
                   at: file.nameSpan, hint: "check the catalog with its rules: steady check rules/ plans/", severity: .warning)
        }
        return actions
    }
}
