import SteadyRules

/// How the input facts of a rule set travel as FHIR: each fact is a code of the Steady facts
/// CodeSystem (its name: `stress`, `sleep.hours`), each value of an enum or a set a code under
/// it (`posture.torticollis`, `triggers.caffeine`). The value's FHIR type follows the fact's:
///
/// | fact type | Observation value |
/// | --- | --- |
/// | integer | `valueInteger`; with a `unit:`, `valueQuantity` in that UCUM unit |
/// | number | `valueQuantity` (in the fact's UCUM unit when it has one) |
/// | bool | `valueBoolean` |
/// | enum | `valueCodeableConcept` with the code `fact.value` |
/// | set | one Observation per value, coded `fact.value`, `valueBoolean` (a member or not) |
/// | date | `valueDateTime` (`YYYY-MM-DD`) |
/// | string | `valueString` |
public struct FactCodes: Sendable {
    public let schema: Schema

    /// LOINC codes read (and written next to the Steady code) for facts of the shipped rule set.
    public static let loinc = ["pain": FHIRSystem.loincPain]

    public init(schema: Schema) {
        self.schema = schema
    }

    /// The facts a state gives (not derived, not the date), by name.
    public var inputs: [FactDeclaration] {
        schema.facts.values.filter { !$0.isDerived && $0.name != Schema.dateFact }.sorted { $0.name < $1.name }
    }

    /// The fact (and, for a set's or an enum's value code, the value) a code of the Steady facts
    /// CodeSystem names; nil for an unknown code.
    public func fact(of code: String) -> (fact: FactDeclaration, value: String?)? {
        if let fact = schema.facts[code], !fact.isDerived, code != Schema.dateFact { return (fact, nil) }
        guard let dot = code.lastIndex(of: ".") else { return nil }
        let name = String(code[..<dot]), value = String(code[code.index(after: dot)...])
        guard let fact = schema.facts[name], !fact.isDerived, fact.type.enumValues?.contains(value) == true else { return nil }
        return (fact, value)
    }

    /// The Steady facts CodeSystem for this schema.
    public func codeSystem(version: String) -> [String: Any] {
        ["resourceType": "CodeSystem", "id": "steady-facts", "url": FHIRSystem.facts, "version": version, "name": "SteadyFacts",
         "title": "Steady input facts and their values", "status": "draft", "content": "complete", "hierarchyMeaning": "part-of",
         "concept": inputs.map { fact in
             var concept: [String: Any] = ["code": fact.name, "display": fact.summary ?? fact.name.replacingOccurrences(of: "_", with: " ")]
             if let values = fact.type.enumValues {
                 concept["concept"] = values.map { ["code": "\(fact.name).\($0)", "display": fact.label(of: $0)] }
             }
             return concept
         }]
    }
}
