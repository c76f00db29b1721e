import Foundation
import SteadyEngine
import SteadyRules

/// Reads a patient's state, and the days before it, from a FHIR Bundle of `Observation`s (and
/// `QuestionnaireResponse`s of the check-in form), coded as ``FactCodes`` describes. Every entry
/// is either read or reported: an unknown code, a wrong unit or value type, an Observation about
/// another patient, a resource type that is not read. Each day's values then go through the
/// ``StateReader`` like any state file (ranges, required facts, dates not in the future).
///
/// The latest day with an Observation is the state (or the day asked for); earlier days are its
/// history.
public struct FHIRStateReader: Sendable {
    public let schema: Schema
    let codes: FactCodes

    public init(schema: Schema) {
        self.schema = schema
        self.codes = FactCodes(schema: schema)
    }

    public struct Result: Sendable {
        /// The patient the resources are about (`Patient/{id}`), when they name one.
        public let patient: String?
        /// Today's facts with the earlier days as history; nil when there were errors.
        public let facts: FactBase?
        public let diagnostics: [Diagnostic]
    }

    /// Reads `data` (a Bundle's JSON, named `path` in diagnostics). `day` picks the state's day
    /// (default: the latest day with a value); `patient`, when given, is the only patient allowed.
    public func read(_ data: Data, path: String, day: Day? = nil, patient expected: String? = nil) -> Result {
        var reading = Reading(codes: codes, path: path, patient: expected)
        guard let bundle = try? JSONSerialization.jsonObject(with: data) as? [String: Any], bundle["resourceType"] as? String == "Bundle" else {
            reading.report(.fhirInvalidResource, "Bundle", "not a FHIR Bundle (a JSON object with \"resourceType\": \"Bundle\")",
                           hint: "send the Observations as entries of a Bundle")
            return Result(patient: nil, facts: nil, diagnostics: reading.diagnostics)
        }
        let entries = bundle["entry"] as? [Any] ?? []
        guard entries.count <= Self.maximumEntries else {
            reading.report(.fhirInvalidResource, "Bundle.entry", "\(entries.count) entries; at most \(Self.maximumEntries) are read")
            return Result(patient: nil, facts: nil, diagnostics: reading.diagnostics)
        }
        for (index, entry) in entries.enumerated() {
            let at = "Bundle.entry[\(index)].resource"
            guard let resource = (entry as? [String: Any])?["resource"] as? [String: Any] else {
                reading.report(.fhirInvalidResource, "Bundle.entry[\(index)]", "an entry without a resource")
                continue
            }
            switch resource["resourceType"] as? String {
            case "Observation": reading.observation(resource, at: at)
            case "QuestionnaireResponse": reading.questionnaireResponse(resource, at: at)
            case "Patient": reading.patientResource(resource, at: at)
            case let type:
                reading.report(.fhirInvalidResource, at, "a \(type ?? "resource without a resourceType") is not read",
                               hint: "send Observation, QuestionnaireResponse and Patient resources")
            }
        }
        guard !reading.diagnostics.contains(where: { $0.severity == .error }) else {
            return Result(patient: reading.patient, facts: nil, diagnostics: reading.diagnostics)
        }
        guard let today = day ?? reading.values.keys.max() else {
            reading.report(.fhirInvalidResource, "Bundle", "no Observation with a value: nothing to plan from")
            return Result(patient: reading.patient, facts: nil, diagnostics: reading.diagnostics)
        }
        return Result(patient: reading.patient, facts: state(reading, today: today, path: path, diagnostics: &reading.diagnostics),
                      diagnostics: reading.diagnostics)
    }

    /// The most entries a Bundle may hold (a year of daily check-ins with every fact is far fewer).
    public static let maximumEntries = 20_000

    /// Each day's values read as a state (`date` = that day): `today`'s with the others as history.
    private func state(_ reading: Reading, today: Day, path: String, diagnostics: inout [Diagnostic]) -> FactBase? {
        let reader = StateReader(schema: schema)
        var facts: FactBase?
        var history: [Day: [String: Value]] = [:]
        for (day, values) in reading.values.sorted(by: { $0.key < $1.key }) {
            guard day <= today else {
                diagnostics.append(Diagnostic(.fhirInvalidResource, "Observations dated \(day), after the day planned (\(today))", at: nil))
                continue
            }
            var object = StateObject.nested(values.mapValues { $0 as Any })
            for (set, members) in reading.sets[day] ?? [:] {
                object = object.merging(StateObject.nested([set: members.sorted()])) { $1 }
            }
            object[Schema.dateFact] = day.description
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            let read = reader.read(jsonLine: data, path: "\(path) (\(day))", line: 1)
            diagnostics += read.diagnostics
            guard let read = read.facts else { continue }
            if day == today { facts = read } else { history[day] = read.values }
        }
        if facts == nil, !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.append(Diagnostic(.fhirInvalidResource, "no Observation dated \(today), the day planned", at: nil))
        }
        guard !diagnostics.contains(where: { $0.severity == .error }), var facts else { return nil }
        facts.history = history
        return facts
    }
}

/// What reading the entries has gathered so far.
private struct Reading {
    let codes: FactCodes
    let path: String
    var patient: String?
    /// JSON values (as a state file writes them) by day and full fact name.
    var values: [Day: [String: Any]] = [:]
    /// The members of each set fact by day (a fact is known once any of its values is reported).
    var sets: [Day: [String: Set<String>]] = [:]
    var diagnostics: [Diagnostic] = []

    init(codes: FactCodes, path: String, patient: String?) {
        (self.codes, self.path, self.patient) = (codes, path, patient)
    }

    mutating func report(_ code: DiagnosticCode, _ at: String, _ message: String, hint: String? = nil, severity: Severity = .error) {
        diagnostics.append(Diagnostic(code, "\(path): \(at): \(message)", at: nil, severity: severity, hint: hint))
    }

    mutating func patientResource(_ resource: [String: Any], at: String) {
        guard let id = resource["id"] as? String else { return report(.fhirInvalidResource, at, "a Patient without an id") }
        _ = subject("Patient/\(id)", at: at)
    }

    /// Checks that a resource is about the one patient; false (reported) when it is not.
    mutating func subject(_ reference: String?, at: String) -> Bool {
        guard let reference, reference.hasPrefix("Patient/"), reference.count > 8 else {
            report(.fhirInvalidResource, at, "no subject: a resource must name its patient as Patient/{id}")
            return false
        }
        let id = String(reference.dropFirst(8))
        if let patient, patient != id {
            report(.fhirInvalidResource, at, "about another patient (Patient/\(id), not Patient/\(patient))",
                   hint: "send one patient's resources at a time")
            return false
        }
        patient = id
        return true
    }

    /// The day of a `YYYY-MM-DD` or a dateTime (its date part, as written).
    func day(_ value: Any?) -> Day? {
        (value as? String).flatMap { Day(iso: String($0.prefix(10))) }
    }

    mutating func observation(_ resource: [String: Any], at: String) {
        let status = resource["status"] as? String ?? ""
        guard !["entered-in-error", "cancelled"].contains(status) else {
            return report(.fhirInvalidResource, at, "status \(status): not read", severity: .warning)
        }
        guard subject((resource["subject"] as? [String: Any])?["reference"] as? String, at: at + ".subject") else { return }
        guard let day = day(resource["effectiveDateTime"] ?? resource["effectiveInstant"]) else {
            return report(.fhirInvalidResource, at + ".effectiveDateTime", "no date: an Observation needs effectiveDateTime (YYYY-MM-DD or a dateTime)")
        }
        let codings = ((resource["code"] as? [String: Any])?["coding"] as? [[String: Any]]) ?? []
        let code = codings.first { $0["system"] as? String == FHIRSystem.facts }?["code"] as? String
            ?? codings.lazy.compactMap { coding in
                FactCodes.loinc.first { coding["system"] as? String == FHIRSystem.loinc && coding["code"] as? String == $0.value }?.key
            }.first
        guard let code, let (fact, member) = codes.fact(of: code) else {
            let shown = codings.map { "\($0["system"] as? String ?? "?")|\($0["code"] as? String ?? "?")" }.joined(separator: ", ")
            return report(.fhirUnknownCode, at + ".code", "no code Steady reads" + (shown.isEmpty ? "" : " (\(shown))"),
                          hint: "code it with \(FHIRSystem.facts) (see steady export plandefinition) or LOINC 72514-3 for pain")
        }
        guard let value = value(resource, fact: fact, member: member, at: at) else { return }
        store(value, fact: fact, member: member, day: day, at: at)
    }

    /// The JSON value an Observation gives its fact, checked for its FHIR type and unit.
    mutating func value(_ resource: [String: Any], fact: FactDeclaration, member: String?, at: String) -> Any? {
        let keys = resource.keys.filter { $0.hasPrefix("value") }
        guard keys.count == 1, let key = keys.first, let raw = resource[key] else {
            report(.fhirInvalidResource, at + ".value[x]", keys.isEmpty ? "no value" : "more than one value[x]")
            return nil
        }
        func wrong(_ expected: String) -> Any? {
            report(.fhirInvalidResource, at + "." + key, "\(fact.name) is read from \(expected), not \(key)")
            return nil
        }
        if member != nil {
            guard key == "valueBoolean", let flag = raw as? Bool, StateObject.isBoolean(raw) else { return wrong("valueBoolean (a member of the set or not)") }
            return flag
        }
        switch fact.type {
        case .bool:
            guard key == "valueBoolean", StateObject.isBoolean(raw) else { return wrong("valueBoolean") }
            return raw
        case .integer where key == "valueInteger":
            return raw
        case .integer, .number:
            guard key == "valueQuantity", let quantity = raw as? [String: Any], let number = quantity["value"], !StateObject.isBoolean(number) else {
                return wrong(fact.unit == nil && fact.type == .integer ? "valueInteger" : "valueQuantity")
            }
            let unit = quantity["code"] as? String ?? quantity["unit"] as? String
            let expected = fact.unit ?? (fact.type == .integer ? "{score}" : nil)
            if let unit, unit != expected, !(fact.unit == nil && unit == "1") {
                report(.fhirInvalidResource, at + ".valueQuantity.code", "unit '\(unit)' for \(fact.name); Steady reads it in \(expected.map { "'\($0)'" } ?? "no unit")",
                       hint: expected.map { "convert to \($0) (UCUM, system \(FHIRSystem.ucum))" })
                return nil
            }
            return number
        case .enumeration(let allowed):
            guard key == "valueCodeableConcept", let codings = (raw as? [String: Any])?["coding"] as? [[String: Any]],
                  let code = codings.first(where: { $0["system"] as? String == FHIRSystem.facts })?["code"] as? String else {
                return wrong("valueCodeableConcept coded \(FHIRSystem.facts)")
            }
            let prefix = fact.name + "."
            guard code.hasPrefix(prefix), allowed.contains(String(code.dropFirst(prefix.count))) else {
                report(.fhirUnknownCode, at + ".valueCodeableConcept", "'\(code)' is not a value of \(fact.name)",
                       hint: "one of " + allowed.map { prefix + $0 }.joined(separator: ", "))
                return nil
            }
            return String(code.dropFirst(prefix.count))
        case .date:
            guard key == "valueDateTime", let day = day(raw) else { return wrong("valueDateTime") }
            return day.description
        case .string:
            guard key == "valueString" else { return wrong("valueString") }
            return raw
        default:
            return wrong("no FHIR value (not an input Steady reads from FHIR)")
        }
    }

    mutating func store(_ value: Any, fact: FactDeclaration, member: String?, day: Day, at: String) {
        if let member {
            var members = sets[day, default: [:]][fact.name] ?? []
            if value as? Bool == true { members.insert(member) }
            sets[day, default: [:]][fact.name] = members
            return
        }
        guard values[day]?[fact.name] == nil else {
            return report(.fhirInvalidResource, at, "a second value of \(fact.name) on \(day)", hint: "send one Observation per fact and day")
        }
        values[day, default: [:]][fact.name] = value
    }

    /// A check-in form's answers: `item.linkId` is a fact's code, the answers its value (a set's
    /// answers are its members, as `valueCoding`s).
    mutating func questionnaireResponse(_ resource: [String: Any], at: String) {
        guard subject((resource["subject"] as? [String: Any])?["reference"] as? String, at: at + ".subject") else { return }
        guard let day = day(resource["authored"]) else {
            return report(.fhirInvalidResource, at + ".authored", "no date: a QuestionnaireResponse needs authored")
        }
        for (index, item) in ((resource["item"] as? [[String: Any]]) ?? []).enumerated() {
            let itemAt = "\(at).item[\(index)]"
            guard let linkId = item["linkId"] as? String, let (fact, member) = codes.fact(of: linkId), member == nil else {
                report(.fhirUnknownCode, itemAt + ".linkId", "'\(item["linkId"] as? String ?? "")' is not a fact Steady reads")
                continue
            }
            let answers = (item["answer"] as? [[String: Any]]) ?? []
            if case .set(let allowed) = fact.type {
                var members: Set<String> = []
                for (number, answer) in answers.enumerated() {
                    guard let code = (answer["valueCoding"] as? [String: Any])?["code"] as? String,
                          let value = code.hasPrefix(fact.name + ".") ? String(code.dropFirst(fact.name.count + 1)) : Optional(code),
                          allowed.contains(value) else {
                        report(.fhirUnknownCode, "\(itemAt).answer[\(number)]", "not a value of \(fact.name)")
                        continue
                    }
                    members.insert(value)
                }
                sets[day, default: [:]][fact.name] = members
                continue
            }
            guard answers.count == 1, let answer = answers.first else {
                report(.fhirInvalidResource, itemAt + ".answer", "\(fact.name) takes one answer, not \(answers.count)")
                continue
            }
            var observation = answer
            if let coding = answer["valueCoding"] { observation = ["valueCodeableConcept": ["coding": [coding]]] }
            if let decimal = answer["valueDecimal"] { observation = ["valueQuantity": ["value": decimal]] }
            if let date = answer["valueDate"] { observation = ["valueDateTime": date] }
            if let value = value(observation, fact: fact, member: nil, at: itemAt + ".answer[0]") {
                store(value, fact: fact, member: nil, day: day, at: itemAt)
            }
        }
    }
}
