import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyFHIR
@testable import SteadyPlan
@testable import SteadyRules

/// States to and from FHIR: every example state, sent as Observations, plans to the same record
/// as the YAML state; and each way a Bundle can be wrong is reported with the resource's path,
/// never dropped.
struct FHIRStateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let planner = Planner(RuleLoader(lints: false).load(paths: [root.appendingPathComponent("rules/cervical-dystonia").path,
                                                                      root.appendingPathComponent("plans").path]))!
    static var schema: Schema { planner.ruleSet.schema }

    static var examples: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path))?
            .filter { $0.hasSuffix(".yaml") }.sorted() ?? []
    }

    func bundle(_ facts: FactBase, patient: String = "p1") throws -> Data {
        try JSONSerialization.data(withJSONObject: try ObservationBundle(facts: facts, patient: patient, schema: Self.schema).resource())
    }

    func read(_ object: [String: Any], patient: String? = nil) throws -> FHIRStateReader.Result {
        FHIRStateReader(schema: Self.schema).read(try JSONSerialization.data(withJSONObject: object), path: "b.json", patient: patient)
    }

    @Test(arguments: examples)
    func anExampleSentAsObservationsPlansTheSame(_ example: String) throws {
        let reader = StateReader(schema: Self.schema)
        var facts = try #require(reader.read(file: Self.root.appendingPathComponent("examples/\(example)").path).facts)
        if example == "workday-high-stress.yaml" {
            facts.history = try #require(reader.readHistory(file: Self.root.appendingPathComponent("examples/history/stressful-week.yaml").path).history)
        }
        let read = FHIRStateReader(schema: Self.schema).read(try bundle(facts), path: "b.json")
        #expect(read.diagnostics.isEmpty, "\(read.diagnostics.map(\.message))")
        #expect(read.patient == "p1")
        let back = try #require(read.facts)
        #expect(back.values == facts.values && back.history == facts.history)
        let record = { (facts: FactBase) in PlanRecord(try Self.planner.plan(facts).plan, snapshot: Self.planner.snapshotHash) }
        #expect(try record(back) == record(facts))
    }

    /// One Observation of the pain-flare state's, changed by `edit`.
    func observation(_ code: String, _ edit: (inout [String: Any]) -> Void = { _ in }) throws -> [String: Any] {
        let facts = try #require(StateReader(schema: Self.schema).read(file: Self.root.appendingPathComponent("examples/pain-flare.yaml").path).facts)
        let object = try #require(try JSONSerialization.jsonObject(with: try bundle(facts)) as? [String: Any])
        var resource = try #require((object["entry"] as? [[String: Any]])?.compactMap { $0["resource"] as? [String: Any] }.first {
            (($0["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == code
        })
        edit(&resource)
        return resource
    }

    func messages(_ resources: [[String: Any]], patient: String? = nil) throws -> [String] {
        let result = try read(["resourceType": "Bundle", "type": "collection", "entry": resources.map { ["resource": $0] }], patient: patient)
        #expect(result.facts == nil || result.diagnostics.allSatisfy { $0.severity == .warning })
        return result.diagnostics.map { "\($0.code.rawValue) \($0.message)" }
    }

    @Test func painReadsFromLOINCAndEveryValueType() throws {
        let loinc = try observation("pain") { $0["code"] = ["coding": [["system": "http://loinc.org", "code": "72514-3"]]]; $0["valueInteger"] = 6 }
        let sleep = try observation("sleep.hours")
        let context = try observation("work.context")
        let caffeine = try observation("triggers.caffeine") { $0["valueBoolean"] = true }
        let result = try read(["resourceType": "Bundle", "entry": [loinc, sleep, context, caffeine].map { ["resource": $0] }])
        let facts = try #require(result.facts, "\(result.diagnostics.map(\.message))")
        #expect(facts.values["pain"] == .integer(6))
        #expect(facts.values["sleep.hours"] == .number(6.5) && facts.values["work.context"] == .string("remote"))
        #expect(facts.values["triggers"] == .set(["caffeine"]))
    }

    @Test func aWrongUnitOrValueTypeIsNamedWithItsPath() throws {
        let minutes = try observation("sleep.hours") { $0["valueQuantity"] = ["value": 360, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"] }
        let text = try observation("stress") { $0["valueInteger"] = nil; $0["valueString"] = "high" }
        #expect(try messages([minutes, text]) == [
            "SR0608 b.json: Bundle.entry[0].resource.valueQuantity.code: unit 'min' for sleep.hours; Steady reads it in 'h'",
            "SR0608 b.json: Bundle.entry[1].resource.valueString: stress is read from valueInteger, not valueString",
        ])
    }

    @Test func anUnknownOrMissingCodeIsReportedNotDropped() throws {
        let unknown = try observation("stress") { $0["code"] = ["coding": [["system": "http://loinc.org", "code": "8867-4"]]] }
        let none = try observation("pain") { $0["code"] = ["text": "neck pain"] }
        let value = try observation("work.context") { $0["valueCodeableConcept"] = ["coding": [["system": FHIRSystem.facts, "code": "work.context.sideways"]]] }
        #expect(try messages([unknown, none, value]) == [
            "SR0607 b.json: Bundle.entry[0].resource.code: no code Steady reads (http://loinc.org|8867-4)",
            "SR0607 b.json: Bundle.entry[1].resource.code: no code Steady reads",
            "SR0607 b.json: Bundle.entry[2].resource.valueCodeableConcept: 'work.context.sideways' is not a value of work.context",
        ])
    }

    @Test func anotherPatientNonFHIRAndUnreadResourcesAreRefused() throws {
        let mine = try observation("stress"), theirs = try observation("pain") { $0["subject"] = ["reference": "Patient/p2"] }
        #expect(try messages([mine, theirs]) == [
            "SR0608 b.json: Bundle.entry[1].resource.subject: about another patient (Patient/p2, not Patient/p1)",
        ])
        #expect(try messages([mine], patient: "p9").first?.hasSuffix("about another patient (Patient/p1, not Patient/p9)") == true)
        let notFHIR = FHIRStateReader(schema: Self.schema).read(Data(#"{"stress": 8}"#.utf8), path: "b.json")
        #expect(notFHIR.facts == nil && notFHIR.diagnostics.map(\.code) == [.fhirInvalidResource])
        let medication = ["resourceType": "MedicationStatement", "status": "active"]
        #expect(try messages([mine, medication]) == [
            "SR0608 b.json: Bundle.entry[1].resource: a MedicationStatement is not read",
        ])
        let twice = try observation("stress") { $0["valueInteger"] = 3 }
        #expect(try messages([mine, twice]) == ["SR0608 b.json: Bundle.entry[1].resource: a second value of stress on 2026-11-24"])
        let undated = try observation("stress") { $0["effectiveDateTime"] = nil }
        #expect(try messages([undated]).first?.contains("effectiveDateTime: no date") == true)
    }

    @Test func anOutOfRangeValueFailsLikeAStateFile() throws {
        let stress = try observation("stress") { $0["valueInteger"] = 14 }
        #expect(try messages([stress]).map { $0.prefix(6) } == ["SR0603"])
    }

    @Test func anEnteredInErrorObservationIsSkippedWithAWarning() throws {
        let wrong = try observation("pain") { $0["status"] = "entered-in-error"; $0["valueInteger"] = 10 }
        let result = try read(["resourceType": "Bundle", "entry": [try observation("stress"), wrong].map { ["resource": $0] }])
        #expect(result.facts?.values["pain"] == nil && result.facts?.values["stress"] != nil)
        #expect(result.diagnostics.map { "\($0.severity) \($0.message)" } == ["warning b.json: Bundle.entry[1].resource: status entered-in-error: not read"])
    }

    @Test func aCheckInFormAnswersAsAQuestionnaireResponse() throws {
        let response: [String: Any] = [
            "resourceType": "QuestionnaireResponse", "status": "completed", "subject": ["reference": "Patient/p1"], "authored": "2026-11-24T08:30:00Z",
            "item": [["linkId": "stress", "answer": [["valueInteger": 8]]],
                     ["linkId": "sleep.hours", "answer": [["valueDecimal": 5.5]]],
                     ["linkId": "triggers", "answer": [["valueCoding": ["system": FHIRSystem.facts, "code": "triggers.stress_event"]],
                                                       ["valueCoding": ["code": "caffeine"]]]],
                     ["linkId": "red_flags", "answer": [[String: Any]]()]],
        ]
        let result = try read(["resourceType": "Bundle", "entry": [["resource": response]]])
        let facts = try #require(result.facts, "\(result.diagnostics.map(\.message))")
        #expect(facts.values["stress"] == .integer(8) && facts.values["sleep.hours"] == .number(5.5))
        #expect(facts.values["triggers"] == .set(["caffeine", "stress_event"]) && facts.values["red_flags"] == .set([]))
        #expect(facts.today == Day(iso: "2026-11-24"))
    }
}
