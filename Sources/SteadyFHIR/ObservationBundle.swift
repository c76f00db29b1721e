import SteadyEngine
import SteadyRules

/// A patient's state (and its history) as FHIR Observations in one Bundle, coded as
/// ``FactCodes`` describes: what a clinic system would send, and what `steady plan --fhir`
/// reads back to the same facts.
public struct ObservationBundle: Sendable {
    public let facts: FactBase
    public let patient: String
    public let codes: FactCodes

    public init(facts: FactBase, patient: String, schema: Schema) {
        self.facts = facts
        self.patient = patient
        self.codes = FactCodes(schema: schema)
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Multi-instance facts have no Observation mapping.
        case instances([String])
        case noDate

        public var description: String {
            switch self {
            case .instances(let names): "multi-instance facts (\(names.joined(separator: ", "))) have no FHIR Observation mapping"
            case .noDate: "the state has no date"
            }
        }
    }

    /// The Bundle: today's Observations, then each earlier day's, oldest first.
    public func resource() throws(Failure) -> [String: Any] {
        guard facts.instances.isEmpty else { throw .instances(facts.instances.keys.sorted()) }
        guard let today = facts.today else { throw .noDate }
        var days = [(today, facts.values)]
        days += facts.history.keys.sorted().map { ($0, facts.history[$0]!) }
        var resources: [(fullUrl: String, resource: [String: Any])] = []
        for (day, values) in days {
            for fact in codes.inputs {
                guard let value = values[fact.name], !value.isUnknown else { continue }
                for observation in observations(fact, value, day: day) {
                    let code = ((observation["code"] as! [String: Any])["coding"] as! [[String: Any]])[0]["code"] as! String
                    resources.append((fullUrl: FHIRSystem.uuid("Observation", patient, day.description, code), resource: observation))
                }
            }
        }
        return FHIRSystem.bundle(id: FHIRSystem.id("observations-\(patient)-\(today)"), resources)
    }

    /// The Observations of one fact's value on `day` (one per declared value for a set).
    func observations(_ fact: FactDeclaration, _ value: Value, day: Day) -> [[String: Any]] {
        func observation(_ code: String, _ value: (key: String, value: Any)) -> [String: Any] {
            var coding: [[String: Any]] = [["system": FHIRSystem.facts, "code": code]]
            if let loinc = FactCodes.loinc[code] { coding.append(["system": FHIRSystem.loinc, "code": loinc]) }
            return ["resourceType": "Observation", "status": "final",
                    "category": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"]]]],
                    "code": ["coding": coding, "text": fact.summary ?? fact.name],
                    "subject": ["reference": "Patient/\(patient)"], "effectiveDateTime": day.description, value.key: value.value]
        }
        func quantity(_ number: Any) -> [String: Any] {
            var quantity: [String: Any] = ["value": number]
            if let unit = fact.unit { quantity.merge(["unit": unit, "system": FHIRSystem.ucum, "code": unit]) { $1 } }
            return quantity
        }
        switch (fact.type, value) {
        case (.set(let allowed), .set(let members)):
            return allowed.map { observation("\(fact.name).\($0)", ("valueBoolean", members.contains($0))) }
        case (.enumeration, .string(let text)):
            return [observation(fact.name, ("valueCodeableConcept", ["coding": [["system": FHIRSystem.facts, "code": "\(fact.name).\(text)",
                                                                                   "display": fact.label(of: text)]]]))]
        case (.integer, .integer(let number)):
            return [observation(fact.name, fact.unit == nil ? ("valueInteger", number) : ("valueQuantity", quantity(number)))]
        case (.number, .number(let number)): return [observation(fact.name, ("valueQuantity", quantity(number)))]
        case (.number, .integer(let number)): return [observation(fact.name, ("valueQuantity", quantity(number)))]
        case (.bool, .bool(let flag)): return [observation(fact.name, ("valueBoolean", flag))]
        case (.date, .date(let days)): return [observation(fact.name, ("valueDateTime", Day(days).description))]
        case (_, .string(let text)): return [observation(fact.name, ("valueString", text))]
        default: return []
        }
    }
}
