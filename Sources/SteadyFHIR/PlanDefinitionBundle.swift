import SteadyRules

/// A rule set and its catalog as FHIR R4 knowledge artifacts in one Bundle: a `PlanDefinition`
/// with one action per rule (title, rationale, the condition as a `text/x-steady` expression,
/// the sources as citations, the recommended actions' ActivityDefinitions), one
/// `ActivityDefinition` per catalog action, and the CodeSystems of the actions and of the input
/// facts with their values (the codes Observations carry).
public struct PlanDefinitionBundle: Sendable {
    public let ruleSet: RuleSet
    public let catalog: ActionCatalog

    public init(ruleSet: RuleSet, catalog: ActionCatalog) {
        self.ruleSet = ruleSet
        self.catalog = catalog
    }

    public var resource: [String: Any] {
        let key = ruleSet.contentHash + catalog.contentHash
        var resources = [(fullUrl: FHIRSystem.uuid("PlanDefinition", key), resource: planDefinition)]
        resources += catalog.actions.sorted { $0.id < $1.id }.map { action in
            (fullUrl: FHIRSystem.uuid("ActivityDefinition", key, action.id), resource: activityDefinition(action))
        }
        resources.append((fullUrl: FHIRSystem.uuid("CodeSystem", key, "actions"), resource: actionCodes))
        resources.append((fullUrl: FHIRSystem.uuid("CodeSystem", key, "facts"), resource: FactCodes(schema: ruleSet.schema).codeSystem(version: ruleSet.version)))
        return FHIRSystem.bundle(id: FHIRSystem.id("rules-\(ruleSet.name)-\(ruleSet.version)"), resources)
    }

    private var planDefinition: [String: Any] {
        let id = FHIRSystem.id(ruleSet.name)
        return [
            "resourceType": "PlanDefinition", "id": id, "url": FHIRSystem.canonical("PlanDefinition", id), "version": ruleSet.version,
            "name": Self.computableName(ruleSet.name), "title": "Steady rule set \(ruleSet.name)", "status": "draft",
            "type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/plan-definition-type", "code": "eca-rule"]]],
            "description": "Self-management suggestions for cervical dystonia, not medical advice. Content hash \(ruleSet.contentHash).",
            "action": ruleSet.rules.filter(\.enabled).map(action),
        ]
    }

    private func action(_ rule: Rule) -> [String: Any] {
        var action: [String: Any] = ["id": rule.id, "title": rule.title]
        if let rationale = rule.rationale { action["description"] = rationale }
        let expression = Self.expression(rule.condition)
        if !expression.isEmpty {
            action["condition"] = [["kind": "applicability",
                                    "expression": ["language": "text/x-steady", "expression": expression, "description": rule.title]]]
        }
        if !rule.evidence.isEmpty { action["documentation"] = rule.evidence.map(Self.citation) }
        var children: [[String: Any]] = []
        var effects: [String] = []
        for effect in rule.effects {
            switch effect {
            case .recommend(let recommendation):
                for id in recommendation.action.possibleIDs {
                    children.append(["title": catalog.action(id)?.title ?? id, "priority": recommendation.priority >= 80 ? "urgent" : "routine",
                                     "definitionCanonical": FHIRSystem.canonical("ActivityDefinition", id)])
                }
            case .alert(let alert): effects.append("\(alert.level.rawValue) alert")
            case .derive(let derivation): effects.append("derives \(derivation.fact)")
            case .suppress(let suppression): effects.append("leaves out \(suppression.action.possibleIDs.joined(separator: " or "))")
            }
        }
        if !effects.isEmpty { action["textEquivalent"] = effects.joined(separator: "; ") }
        // One action defines one activity; a rule that recommends several groups them.
        if children.count == 1 {
            action["definitionCanonical"] = children[0]["definitionCanonical"]
            action["priority"] = children[0]["priority"]
        } else if !children.isEmpty {
            action["action"] = children
            action["selectionBehavior"] = "all"
        }
        return action
    }

    private func activityDefinition(_ action: CatalogAction) -> [String: Any] {
        let id = FHIRSystem.id(action.id)
        var resource: [String: Any] = [
            "resourceType": "ActivityDefinition", "id": id, "url": FHIRSystem.canonical("ActivityDefinition", id), "version": catalog.version,
            "name": Self.computableName(action.id), "title": action.title, "status": "draft", "kind": "Task",
            "code": ["coding": [["system": FHIRSystem.actions, "code": action.id, "display": action.title]]],
            "description": action.steps.joined(separator: "\n"),
            "topic": [["text": action.category.rawValue]],
        ]
        if action.minutes > 0 {
            resource["timingDuration"] = ["value": action.minutes, "unit": "min", "system": FHIRSystem.ucum, "code": "min"]
        }
        if !action.evidence.isEmpty { resource["relatedArtifact"] = action.evidence.map(Self.citation) }
        return resource
    }

    private var actionCodes: [String: Any] {
        ["resourceType": "CodeSystem", "id": "steady-actions", "url": FHIRSystem.actions, "version": catalog.version,
         "name": "SteadyActions", "title": "Steady catalog actions (\(catalog.name))", "status": "draft", "content": "complete",
         "concept": catalog.actions.sorted { $0.id < $1.id }.map { ["code": $0.id, "display": $0.title] }]
    }

    /// A rule's condition as Steady source text: its tests and patterns joined with `and`.
    static func expression(_ condition: Condition) -> String {
        condition.elements.map { element in
            switch element {
            case .test(let expr): expr.text
            case .pattern(_, let name, let template, let filter): "\(name): \(template)" + (filter.map { " where \($0.text)" } ?? "")
            }
        }.joined(separator: " and ")
    }

    static func citation(_ citation: Citation) -> [String: Any] {
        var artifact: [String: Any] = ["type": "citation", "display": citation.title, "citation": citation.description]
        if let url = citation.url { artifact["url"] = url }
        return artifact
    }

    /// `cervical-dystonia` → `CervicalDystonia` (a FHIR `name`: letters and digits, a capital first).
    static func computableName(_ text: String) -> String {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
