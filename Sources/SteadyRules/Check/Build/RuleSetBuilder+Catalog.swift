// Stage 4: the action catalog — its layers composed, contraindications type-checked against the schema.
extension RuleSetBuilder {
    /// Actions of all catalog layers, in order: each layer first applies its `override:` to the
    /// actions of the layers before it, then adds its own. An id defined twice in one layer, or
    /// again by a later layer, is an error (a later layer changes an action with `override:`).
    mutating func composeActions(_ layers: [[FileSyntax]]) -> [ActionSyntax] {
        var active: [(catalog: String, action: ActionSyntax)] = []
        for layer in layers {
            let name = layer[0].name
            for file in layer {
                for change in file.actionOverrides {
                    guard let index = active.firstIndex(where: { $0.action.id == change.action }) else {
                        report(.unknownOverrideTarget, "'\(name)' overrides action '\(change.action)', which no earlier catalog defines",
                               at: change.span, hint: Suggestions.hint(for: change.action, in: active.map(\.action.id))
                                   ?? "override only actions of imported catalogs; define a new action under 'actions:'")
                        continue
                    }
                    active[index].action = active[index].action.overridden(by: change)
                }
            }
            var earlier = Dictionary(active.map { ($0.action.id, $0) }, uniquingKeysWith: { first, _ in first })
            for file in layer {
                for action in file.actions {
                    if let first = earlier[action.id] {
                        let inherited = first.catalog != name
                        report(.duplicateActionID, inherited ? "action '\(action.id)' is already defined by catalog '\(first.catalog)'"
                                                             : "action id '\(action.id)' is used twice", at: action.idSpan,
                               hint: inherited ? "use 'override:' to change its fields, or choose another id" : nil,
                               notes: [.init(inherited ? "defined here" : "first used here", at: first.action.idSpan)])
                        continue
                    }
                    earlier[action.id] = (name, action)
                    active.append((name, action))
                }
            }
        }
        return active.map(\.action)
    }

    /// The composed actions by id, their contraindications type-checked (when there are rules).
    mutating func buildActions(_ composed: [ActionSyntax], files: [FileSyntax], typeCheck: Bool) -> [String: CatalogAction] {
        var actions: [String: CatalogAction] = [:]
        let ids = Set(composed.map(\.id))
        for syntax in composed {
            var checker = TypeChecker(schema: schema)
            checker.actionIDs = ids
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
        if !typeCheck, let file = files.first, files.contains(where: { $0.actions.contains { !$0.contraindications.isEmpty } }) {
            report(.noCatalog, "no rule set was loaded, so contraindications were parsed but not type-checked",
                   at: file.nameSpan, hint: "check the catalog with its rules: steady check rules/ plans/", severity: .warning)
        }
        return actions
    }
}
