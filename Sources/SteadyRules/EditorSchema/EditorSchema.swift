import Foundation

/// JSON Schemas (draft 2020-12) for editors: with the YAML language server they complete and
/// validate rule files, catalogs, plan policies and patient states as people type. The keys
/// come from the decoder's own lists, so the schemas cannot drift from what `steady check`
/// accepts.
public enum EditorSchema {
    public enum Kind: String, CaseIterable, Sendable {
        case rules, catalog, policy, state
    }

    /// The schema of `kind` as pretty JSON; `state` needs the rule set whose facts it describes.
    public static func json(_ kind: Kind, ruleSet: RuleSet? = nil) throws -> String {
        let document: [String: Any] = switch kind {
        case .rules: rules()
        case .catalog: catalog()
        case .policy: policy()
        case .state: state(ruleSet?.schema ?? Schema(), name: ruleSet?.name ?? "state")
        }
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static let draft = "https://json-schema.org/draft/2020-12/schema"

    private static func object(_ properties: [String: Any], required: [String] = [], description: String? = nil) -> [String: Any] {
        var result: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { result["required"] = required }
        if let description { result["description"] = description }
        return result
    }

    private static func strings(_ description: String) -> [String: Any] {
        ["description": description, "anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]]
    }

    private static var text: [String: Any] { ["type": "string"] }
    private static var date: [String: Any] { ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"] }

    /// `evidence:`: text, or a list of text and `{org, title, year, url}` citations.
    private static var evidence: [String: Any] {
        let citation = object(["org": text, "title": text, "year": ["type": "integer", "minimum": 1800, "maximum": 2200],
                               "url": ["type": "string", "pattern": "^https?://"]].filter { FileDecoder.citationKeys.contains($0.key) },
                              required: ["title", "url"])
        return ["description": "Sources: {org, title, year, url} citations",
                "anyOf": [text, ["type": "array", "items": ["anyOf": [text, citation]]]]]
    }
    private static var expression: [String: Any] { ["type": "string", "description": "An expression, e.g. \"stress >= 7 and 'deadline' in triggers\""] }
    private static var kebab: [String: Any] { ["type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"] }
    private static var actionID: [String: Any] { ["type": "string", "pattern": "^[a-z][a-z0-9_-]*$"] }

    static func rules() -> [String: Any] {
        let factDeclaration: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["type"],
            "properties": [
                "type": ["enum": FileDecoder.factTypes],
                "description": text, "unit": text, "min": ["type": "number"], "max": ["type": "number"],
                "values": ["type": "array", "items": ["type": "string"], "uniqueItems": true],
                "required": ["type": "boolean"], "derived": ["type": "boolean"],
                "labels": ["type": "object", "additionalProperties": text, "description": "Patient-facing words for each value"],
                "standing": ["type": "boolean", "description": "Carried forward from the patient's profile"],
                "max_age_days": ["type": "integer", "minimum": 1, "maximum": 3650],
                "not_future": ["type": "boolean", "description": "A date not later than the state's date"],
                "fields": ["type": "object", "additionalProperties": ["$ref": "#/$defs/fact"]],
            ].filter { FileDecoder.factKeys.contains($0.key) },
        ]
        var condition: [String: Any] = ["description": "An expression, a list (all must hold), or one of all/any/not"]
        condition["anyOf"] = [
            expression, ["type": "array", "items": ["$ref": "#/$defs/condition"]],
            object(["all": ["type": "array", "items": ["$ref": "#/$defs/condition"]]], required: ["all"]),
            object(["any": ["type": "array", "items": ["$ref": "#/$defs/condition"]]], required: ["any"]),
            object(["not": ["$ref": "#/$defs/condition"]], required: ["not"]),
        ]
        let effectProperties: [String: [String: Any]] = [
            "derive": ["derive": ["type": "string"], "value": expression, "fields": ["type": "object", "additionalProperties": expression]],
            "recommend": ["recommend": ["type": "string", "description": "An action id, or {field} naming one"],
                          "priority": ["type": "integer", "minimum": 0, "maximum": 100], "reason": text],
            "suppress": ["suppress": actionID, "reason": text],
            "alert": ["alert": ["enum": Alert.Level.allCases.map(\.rawValue)], "message": text, "action": actionID],
        ]
        let effect: [String: Any] = ["oneOf": EffectKind.allCases.map { kind in
            object(effectProperties[kind.rawValue]!.filter { kind.keys.contains($0.key) },
                   required: [kind.rawValue] + kind.required)
        }]
        let ruleProperties: [String: Any] = [
            "id": kebab, "title": text, "when": ["$ref": "#/$defs/condition"],
            "then": ["anyOf": [effect, ["type": "array", "items": effect, "minItems": 1]]],
            "salience": ["type": "integer", "minimum": -10_000, "maximum": 10_000],
            "priority": ["type": "integer", "minimum": 0, "maximum": 100],
            "rationale": text, "evidence": evidence, "reviewed": date, "tags": strings("Tags"), "author": text,
            "enabled": ["type": "boolean"],
        ]
        let list: [String: Any] = ["type": "array", "items": ["type": "string"]]
        let test = object([
            "name": text, "state": ["type": "object"],
            "expect": object(Dictionary(uniqueKeysWithValues: FileDecoder.expectKeys.map { key in
                (key, key == "derived" ? ["type": "object"] as [String: Any]
                    : key == "alerts" ? ["type": "array", "items": ["enum": Alert.Level.allCases.map(\.rawValue)]] : list)
            })),
        ], required: ["name", "state", "expect"])
        return [
            "$schema": draft, "$id": "https://steady.example/schema/rules.schema.json",
            "title": "Steady rule file", "type": "object", "additionalProperties": false, "required": ["ruleset", "version"],
            "properties": [
                "ruleset": kebab, "version": ["type": ["string", "number"]], "description": text,
                "facts": ["type": "object", "additionalProperties": ["$ref": "#/$defs/fact"]],
                "rules": ["type": "array", "items": object(ruleProperties.filter { FileDecoder.ruleKeys.contains($0.key) },
                                                           required: ["id", "title", "then"])],
                "tests": ["type": "array", "items": test],
            ].filter { FileDecoder.ruleFileKeys.contains($0.key) },
            "$defs": ["fact": factDeclaration, "condition": condition],
        ]
    }

    static func catalog() -> [String: Any] {
        let contraindication: [String: Any] = ["anyOf": [expression, object(["when": expression, "reason": text], required: ["when"])]]
        let action = object([
            "id": actionID, "title": text, "description": text,
            "category": ["enum": CatalogAction.Category.allCases.map(\.rawValue)],
            "minutes": ["type": "integer", "minimum": 0, "maximum": 600],
            "rest_days": ["type": "integer", "minimum": 1, "maximum": 30],
            "slot": ["enum": CatalogAction.Slot.allCases.map(\.rawValue)],
            "steps": strings("What to do, step by step"),
            "contraindications": ["type": "array", "items": contraindication],
            "evidence": evidence, "reviewed": date,
            "group": ["type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "At most one action of a group per plan"],
        ].filter { FileDecoder.actionKeys.contains($0.key) }, required: ["id", "title", "category", "minutes", "slot"])
        return [
            "$schema": draft, "$id": "https://steady.example/schema/catalog.schema.json",
            "title": "Steady action catalog", "type": "object", "additionalProperties": false, "required": ["catalog", "version"],
            "properties": ["catalog": kebab, "version": ["type": ["string", "number"]], "description": text,
                           "actions": ["type": "array", "items": action]].filter { FileDecoder.catalogKeys.contains($0.key) },
        ]
    }

    static func policy() -> [String: Any] {
        [
            "$schema": draft, "$id": "https://steady.example/schema/policy.schema.json",
            "title": "Steady plan policy", "type": "object", "additionalProperties": false,
            "required": ["policy", "version", "time_budget_minutes", "max_items"],
            "properties": [
                "policy": kebab, "version": ["type": ["string", "number"]], "description": text,
                "time_budget_minutes": ["type": "integer", "minimum": 0, "maximum": 600],
                "max_items": ["type": "integer", "minimum": 1, "maximum": 50],
                "slot_order": ["type": "array", "items": ["enum": CatalogAction.Slot.allCases.map(\.rawValue)], "uniqueItems": true],
                "budget_fact": ["type": "string"],
                "budget_exempt": ["type": "array", "items": ["enum": CatalogAction.Category.allCases.map(\.rawValue)], "uniqueItems": true],
                "safety_card_levels": ["type": "array", "items": ["enum": Alert.Level.allCases.map(\.rawValue)], "uniqueItems": true],
                "limits": ["type": "object", "additionalProperties": false, "properties": [
                    "max_work": ["type": "integer", "minimum": PlanPolicy.workRange.lowerBound, "maximum": PlanPolicy.workRange.upperBound],
                ]],
            ].filter { FileDecoder.policyKeys.contains($0.key) },
        ]
    }

    /// The schema of a patient state for the input facts of `schema`.
    static func state(_ schema: Schema, name: String) -> [String: Any] {
        func type(_ fact: FactDeclaration) -> [String: Any] {
            var result: [String: Any]
            switch fact.type {
            case .integer: result = ["type": "integer"]
            case .number: result = ["type": "number"]
            case .bool: result = ["type": "boolean"]
            case .date: result = ["type": "string", "format": "date"]
            case .enumeration(let values): result = ["enum": values]
            case .set(let values): result = ["type": "array", "items": ["enum": values], "uniqueItems": true]
            default: result = ["type": "string"]
            }
            if let minimum = fact.minimum { result["minimum"] = minimum }
            if let maximum = fact.maximum { result["maximum"] = maximum }
            if let summary = fact.summary { result["description"] = summary }
            return ["anyOf": [result, ["type": "null"]]]
        }
        var properties: [String: Any] = [:]
        for fact in schema.facts.values where !fact.isDerived && !fact.name.contains(".") { properties[fact.name] = type(fact) }
        for (record, fields) in schema.records {
            properties[record] = object(Dictionary(uniqueKeysWithValues: fields.compactMap { field in
                schema.facts["\(record).\(field)"].map { (field, type($0)) }
            }))
        }
        for template in schema.templates.values where !template.isDerived {
            properties[template.name] = ["type": "array", "items": object(
                Dictionary(uniqueKeysWithValues: template.fields.map { ($0.name, type($0)) }),
                required: template.fields.filter(\.isRequired).map(\.name))]
        }
        return [
            "$schema": draft, "$id": "https://steady.example/schema/\(name).state.schema.json",
            "title": "Patient state for rule set \(name)", "type": "object", "additionalProperties": false,
            "required": schema.facts.values.filter { $0.isRequired && !$0.isDerived && !$0.name.contains(".") }.map(\.name).sorted(),
            "properties": properties,
        ]
    }
}
