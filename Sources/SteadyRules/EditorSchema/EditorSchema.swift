import Foundation

/// JSON Schemas (draft 2020-12) for editors: with the YAML language server they complete and
/// validate rule files, catalogs, plan policies and patient states as people type. The keys
/// come from the decoder's own lists, so the schemas cannot drift from what `steady check`
/// accepts.
public enum EditorSchema {
    public enum Kind: String, CaseIterable, Sendable {
        /// Rule files, catalogs and plan policies.
        case rules, catalog, policy
        /// A patient state, and a history file (a list of earlier states with `suggested` and
        /// `done`): both for the facts of a rule set.
        case state, history
    }

    /// The schema of `kind` as pretty JSON; `state` and `history` need the rule set whose facts
    /// they describe.
    public static func json(_ kind: Kind, ruleSet: RuleSet? = nil) throws -> String {
        let document: [String: Any] = switch kind {
        case .rules: rules()
        case .catalog: catalog()
        case .policy: policy()
        case .state: state(ruleSet?.schema ?? Schema(), name: ruleSet?.name ?? "state")
        case .history: history(ruleSet?.schema ?? Schema(), name: ruleSet?.name ?? "state")
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

    /// The properties for one of the decoder's key lists: exactly one definition per key, so the
    /// schema cannot accept a key the decoder rejects or miss one it reads (the schema tests
    /// generate every schema, so a mismatch fails them).
    private static func properties(_ keys: [String], _ definitions: [String: Any]) -> [String: Any] {
        let missing = keys.filter { definitions[$0] == nil }, extra = definitions.keys.filter { !keys.contains($0) }.sorted()
        precondition(missing.isEmpty && extra.isEmpty, "editor schema and decoder disagree: missing \(missing), extra \(extra)")
        return definitions
    }

    private static func strings(_ description: String) -> [String: Any] {
        ["description": description, "anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]]
    }

    private static var text: [String: Any] { ["type": "string"] }
    private static var date: [String: Any] { ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"] }

    /// `evidence:`: text, or a list of text and `{org, title, year, url}` citations.
    private static var evidence: [String: Any] {
        let citation = object(properties(FileDecoder.citationKeys, ["org": text, "title": text, "year": ["type": "integer", "minimum": 1800, "maximum": 2200],
                                                                    "url": ["type": "string", "pattern": "^https?://"]]),
                              required: ["title", "url"])
        return ["description": "Sources: {org, title, year, url} citations",
                "anyOf": [text, ["type": "array", "items": ["anyOf": [text, citation]]]]]
    }
    private static var expression: [String: Any] { ["type": "string", "description": "An expression, e.g. \"stress >= 7 and 'deadline' in triggers\""] }
    private static var kebab: [String: Any] { ["type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"] }
    private static var actionID: [String: Any] { ["type": "string", "pattern": "^[a-z][a-z0-9_-]*$"] }
    private static var factName: [String: Any] { ["type": "string", "pattern": "^[a-z][a-z0-9_]*$"] }
    /// A literal action id, or `{expression}` naming one.
    private static var actionName: [String: Any] {
        ["description": "An action id, or {field} naming one", "anyOf": [actionID, ["type": "string", "pattern": "^\\{.*\\}$"]]]
    }

    static func rules() -> [String: Any] {
        let factDeclaration: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["type"],
            "properties": properties(FileDecoder.factKeys, [
                "type": ["enum": FileDecoder.factTypes],
                "description": text, "unit": text, "min": ["type": "number"], "max": ["type": "number"],
                "values": ["type": "array", "items": ["type": "string"], "uniqueItems": true],
                "required": ["type": "boolean"], "derived": ["type": "boolean"],
                "labels": ["type": "object", "additionalProperties": text, "description": "Patient-facing words for each value"],
                "standing": ["type": "boolean", "description": "Carried forward from the patient's profile"],
                "max_age_days": ["type": "integer", "minimum": 1, "maximum": 3650],
                "not_future": ["type": "boolean", "description": "A date not later than the state's date"],
                "fields": ["type": "object", "additionalProperties": ["$ref": "#/$defs/fact"]],
            ]),
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
            "recommend": ["recommend": actionName, "priority": ["type": "integer", "minimum": 0, "maximum": 100], "reason": text],
            "suppress": ["suppress": actionName, "reason": text],
            "alert": ["alert": ["enum": Alert.Level.allCases.map(\.rawValue)], "message": text, "action": actionID],
        ]
        let effect: [String: Any] = ["oneOf": EffectKind.allCases.map { kind in
            object(properties([kind.rawValue] + kind.keys, effectProperties[kind.rawValue]!), required: [kind.rawValue] + kind.required)
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
        let test = object(properties(FileDecoder.testKeys, [
            "name": text, "state": ["type": "object"],
            "history": ["type": "array", "items": ["type": "object", "required": ["date"]],
                        "description": "Earlier check-ins, each with its date (and optional suggested/done lists)"],
            "expect": object(Dictionary(uniqueKeysWithValues: FileDecoder.expectKeys.map { key in
                (key, key == "derived" ? ["type": "object"] as [String: Any]
                    : key == "alerts" ? ["type": "array", "items": ["enum": Alert.Level.allCases.map(\.rawValue)]] : list)
            })),
        ]), required: ["name", "state", "expect"])
        let override = object(properties(FileDecoder.overrideKeys, [
            "priority": ["type": "integer", "minimum": 0, "maximum": 100],
            "salience": ["type": "integer", "minimum": -10_000, "maximum": 10_000],
        ]))
        return [
            "$schema": draft, "$id": "https://steady.example/schema/rules.schema.json",
            "title": "Steady rule file", "type": "object", "additionalProperties": false, "required": ["ruleset", "version"],
            "properties": properties(FileDecoder.ruleFileKeys, [
                "ruleset": kebab, "version": ["type": ["string", "number"]], "description": text,
                "imports": ["type": "array", "items": text, "description": "Rule files or folders this layer builds on, relative to this file"],
                "params": ["type": "object", "propertyNames": factName, "additionalProperties": ["type": ["string", "number", "boolean"]],
                           "description": "Values rules read as params.NAME; a later layer may change them"],
                "disable": ["type": "array", "items": kebab, "description": "Rule ids of an imported layer to switch off"],
                "override": ["type": "object", "propertyNames": kebab, "additionalProperties": override,
                             "description": "A new priority or salience for rules of an imported layer"],
                "facts": ["type": "object", "additionalProperties": ["$ref": "#/$defs/fact"]],
                "rules": ["type": "array", "items": object(properties(FileDecoder.ruleKeys, ruleProperties), required: ["id", "title", "then"])],
                "tests": ["type": "array", "items": test],
            ]),
            "$defs": ["fact": factDeclaration, "condition": condition],
        ]
    }

    static func catalog() -> [String: Any] {
        let contraindication: [String: Any] = ["anyOf": [
            expression, object(properties(FileDecoder.contraindicationKeys, ["when": expression, "reason": text]), required: ["when"]),
        ]]
        let fields: [String: Any] = [
            "id": actionID, "title": text, "description": text,
            "category": ["enum": CatalogAction.Category.allCases.map(\.rawValue)],
            "minutes": ["type": "integer", "minimum": 0, "maximum": 600],
            "rest_days": ["type": "integer", "minimum": 1, "maximum": 30],
            "slot": ["enum": CatalogAction.Slot.allCases.map(\.rawValue)],
            "steps": strings("What to do, step by step"),
            "contraindications": ["type": "array", "items": contraindication],
            "evidence": evidence, "reviewed": date,
            "group": ["type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "At most one action of a group per plan"],
        ]
        let action = object(properties(FileDecoder.actionKeys, fields), required: ["id", "title", "category", "minutes", "slot"])
        let override = object(properties(FileDecoder.overridableActionKeys, fields.filter { FileDecoder.overridableActionKeys.contains($0.key) }))
        return [
            "$schema": draft, "$id": "https://steady.example/schema/catalog.schema.json",
            "title": "Steady action catalog", "type": "object", "additionalProperties": false, "required": ["catalog", "version"],
            "properties": properties(FileDecoder.catalogKeys, [
                "catalog": kebab, "version": ["type": ["string", "number"]], "description": text,
                "imports": ["type": "array", "items": text, "description": "Catalogs (files or folders) this layer builds on, relative to this file"],
                "override": ["type": "object", "propertyNames": actionID, "additionalProperties": override,
                             "description": "New field values for actions of an imported catalog"],
                "actions": ["type": "array", "items": action],
            ]),
        ]
    }

    static func policy() -> [String: Any] {
        [
            "$schema": draft, "$id": "https://steady.example/schema/policy.schema.json",
            "title": "Steady plan policy", "type": "object", "additionalProperties": false,
            "required": ["policy", "version", "time_budget_minutes", "max_items"],
            "properties": properties(FileDecoder.policyKeys, [
                "policy": kebab, "version": ["type": ["string", "number"]], "description": text,
                "time_budget_minutes": ["type": "integer", "minimum": 0, "maximum": 600],
                "max_items": ["type": "integer", "minimum": 1, "maximum": 50],
                "slot_order": ["type": "array", "items": ["enum": CatalogAction.Slot.allCases.map(\.rawValue)], "uniqueItems": true],
                "budget_fact": ["type": "string"],
                "budget_exempt": ["type": "array", "items": ["enum": CatalogAction.Category.allCases.map(\.rawValue)], "uniqueItems": true],
                "safety_card_levels": ["type": "array", "items": ["enum": Alert.Level.allCases.map(\.rawValue)], "uniqueItems": true],
                "limits": object(properties(FileDecoder.limitKeys, [
                    "max_work": ["type": "integer", "minimum": PlanPolicy.workRange.lowerBound, "maximum": PlanPolicy.workRange.upperBound],
                ])),
            ]),
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

    /// The schema of a history file for the input facts of `schema`: a list of earlier states,
    /// each with its `date` and optionally the `suggested` and `done` action ids of that day.
    static func history(_ schema: Schema, name: String) -> [String: Any] {
        var entry = state(schema, name: name)
        var properties = entry["properties"] as? [String: Any] ?? [:]
        for event in ActionEvent.allCases {
            properties[event.rawValue] = ["type": "array", "items": actionID, "uniqueItems": true,
                                          "description": event == .suggested ? "The actions of that day's plan" : "The actions marked done that day"]
        }
        entry["properties"] = properties
        entry["required"] = [Schema.dateFact]
        for key in ["$schema", "$id", "title"] { entry[key] = nil }
        return [
            "$schema": draft, "$id": "https://steady.example/schema/\(name).history.schema.json",
            "title": "Check-in history for rule set \(name)", "type": "array", "items": entry,
        ]
    }
}
