import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules

/// What a patient reads in a reason: labels for enum and set values, numbers with at most one
/// decimal; and the plain words of facts (``FactWords``).
struct ReasonWordingTests {
    static let rules = """
        ruleset: t
        version: 1
        facts:
          sleep: {type: number, min: 0, max: 24, description: "Hours slept last night (self-report)"}
          context: {type: enum, values: [desk_office, driving_role], labels: {desk_office: office or desk work, driving_role: driving for work}}
          triggers: {type: set, values: [stress_event, reading, cold], labels: {stress_event: a stressful event, reading: long reading}}
          coping:
            type: template
            derived: true
            fields:
              trigger: {type: enum, values: [stress_event, reading, cold], labels: {stress_event: a stressful event}, required: true}
        rules:
          - {id: a, title: A, when: "sleep < 6", then: [{recommend: rest, reason: "you slept {sleep / 1.4} hours"}]}
          - {id: b, title: B, when: "context == 'desk_office'", then: [{recommend: rest, reason: "you do {context}"}]}
          - {id: c, title: C, when: "'reading' in triggers", then: [{recommend: rest, reason: "you noted {triggers}"}]}
          - {id: d, title: D, when: "'cold' in triggers", then: [{derive: coping, fields: {trigger: "'stress_event'"}}]}
          - {id: e, title: E, when: "c: coping", then: [{recommend: rest, reason: "coping with {c.trigger}"}]}
        """
    static let catalog = """
        catalog: c
        version: 1
        actions:
          - {id: rest, title: Rest, category: body, minutes: 5, slot: any}
        """

    @Test func reasonsUseLabelsAndRoundNumbers() throws {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let planner = try #require(Planner(loaded), "\(loaded.diagnostics)")
        let facts = FactBase(values: ["sleep": .number(5.5), "context": .string("desk_office"),
                                      "triggers": .set(["cold", "reading", "stress_event"])])
        let reasons = try planner.plan(facts).plan.items[0].reasons.map(\.text).sorted()
        #expect(reasons == ["coping with a stressful event", "you do office or desk work",
                            "you noted cold, long reading, a stressful event", "you slept 3.9 hours"])
    }

    @Test func factWordsNameFactsAndValuesPlainly() throws {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let words = FactWords(schema: try #require(loaded.ruleSet).schema)
        #expect(words.name("sleep") == "hours slept last night")
        #expect(words.name("context") == "context")
        #expect(words.value(.string("driving_role"), of: "context") == "driving for work")
        #expect(words.value(.set(["cold", "reading"]), of: "triggers") == "cold, long reading")
        #expect(words.value(.set([]), of: "triggers") == "none")
        #expect(words.value(.bool(true), of: "x") == "yes")
        #expect(words.value(.number(5.357142857142857), of: "sleep") == "5.4")
        #expect(words.value(.unknown(reason: "missing"), of: "sleep") == "not reported")
    }
}
