import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules

/// Plan assembly step by step: suppress, contraindicate, merge, order, budget, limit, slots,
/// and alerts first.
struct PlanAssemblerTests {
    static let rules = """
        ruleset: t
        version: 1
        facts:
          stress: {type: integer, min: 0, max: 10}
          pain: {type: integer, min: 0, max: 10}
          minutes: {type: integer, min: 0, max: 600}
          flags: {type: set, values: [swallowing, clinic]}
        rules:
          - {id: a, title: A, when: "stress >= 5", then: [{recommend: breathe, priority: 80, reason: "stress {stress}"}]}
          - {id: b, title: B, when: "stress >= 7", then: [{recommend: breathe, priority: 60, reason: "very stressed"}]}
          - {id: c, title: C, when: "stress >= 1", then: [{recommend: walk, priority: 50}, {recommend: stretch, priority: 70}]}
          - {id: d, title: D, when: "pain >= 7", then: [{suppress: stretch, reason: "pain {pain}"}]}
          - {id: e, title: E, when: "stress >= 1", then: [{recommend: diary, priority: 10}, {recommend: yoga, priority: 40}]}
          - {id: f, title: F, when: "'swallowing' in flags", then: [{alert: emergency, message: "Get help now", action: urgent}]}
          - {id: g, title: G, when: "'clinic' in flags", then: [{alert: clinician, message: "Tell your team"}]}
        """
    static let catalog = """
        catalog: c
        version: 1
        actions:
          - {id: breathe, title: Breathe, category: mind, minutes: 5, slot: any}
          - {id: walk, title: Walk, category: body, minutes: 20, slot: midday}
          - {id: stretch, title: Stretch, category: body, minutes: 10, slot: morning}
          - {id: diary, title: Diary, category: mind, minutes: 5, slot: evening}
          - id: yoga
            title: Yoga
            category: body
            minutes: 30
            slot: any
            contraindications: [{when: "pain >= 6", reason: "not with pain"}]
          - {id: urgent, title: Urgent care, category: safety, minutes: 0, slot: any, steps: ["Call now"]}
        """

    func plan(_ values: [String: Value], policy: PlanPolicy = PlanPolicy(name: "p", version: "1", timeBudgetMinutes: 45, maxItems: 6,
                                                                          slotOrder: [.morning, .midday, .evening, .any], budgetFact: "minutes")) throws -> Plan {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        let session = try Session(CompiledRuleSet(ruleSet), facts: FactBase(values: values))
        return PlanAssembler(ruleSet: ruleSet, catalog: catalog, policy: policy).assemble(try session.run(), session: session)
    }

    func summary(_ plan: Plan) -> [String] {
        plan.items.map { "\($0.slot.rawValue) \($0.action.id) p\($0.priority) [\($0.reasons.joined(separator: "; "))]" }
    }

    func removed(_ plan: Plan) -> [String] {
        plan.removed.map { "\($0.action.id): \($0.causes.map(PlanRenderer.describe).joined(separator: "; "))" }
    }

    @Test func mergesOrdersAndPlacesInSlots() throws {
        let plan = try plan(["stress": .integer(8), "pain": .integer(2), "minutes": .integer(120)])
        #expect(summary(plan) == [
            "morning stretch p70 []", "midday walk p50 []", "evening diary p10 []",
            "any breathe p80 [stress 8; very stressed]", "any yoga p40 []",
        ])
        #expect(plan.totalMinutes == 70)
        #expect(plan.budgetSource == "your 120 available minutes")
        #expect(plan.removed.isEmpty)
    }

    @Test func suppressedAndContraindicatedActionsAreRemovedWithTheirReasons() throws {
        let plan = try plan(["stress": .integer(5), "pain": .integer(8), "minutes": .integer(120)])
        #expect(summary(plan) == ["midday walk p50 []", "evening diary p10 []", "any breathe p80 [stress 5]"])
        #expect(removed(plan) == ["stretch: pain 8", "yoga: not with pain"])
        guard case .contraindicated(let condition, _, let values) = plan.removed[1].causes[0] else { Issue.record("cause"); return }
        #expect(condition == "pain >= 6")
        #expect(values.map { "\($0.text) = \($0.value)" } == ["pain >= 6 = true", "pain = 8", "6 = 6"])
    }

    @Test func budgetAndItemLimitLeaveOutTheLowestPriorities() throws {
        let tight = try plan(["stress": .integer(5), "pain": .integer(0), "minutes": .integer(20)])
        #expect(summary(tight) == ["morning stretch p70 []", "evening diary p10 []", "any breathe p80 [stress 5]"])
        #expect(removed(tight) == ["walk: did not fit in the time left (5 min)", "yoga: did not fit in the time left (5 min)"])
        let limited = try plan(["stress": .integer(5), "pain": .integer(0)],
                               policy: PlanPolicy(name: "p", version: "1", timeBudgetMinutes: 500, maxItems: 2, slotOrder: [.any, .morning, .midday, .evening]))
        #expect(summary(limited) == ["any breathe p80 [stress 5]", "morning stretch p70 []"])
        #expect(limited.budgetSource == "the default of 500 minutes")
        #expect(removed(limited) == ["walk: the plan already has 2 items", "yoga: the plan already has 2 items", "diary: the plan already has 2 items"])
    }

    @Test func aRedFlagReducesThePlanToTheSafetyCard() throws {
        let plan = try plan(["stress": .integer(8), "flags": .set(["clinic", "swallowing"]), "minutes": .integer(120)])
        #expect(plan.safetyCardOnly)
        #expect(plan.alerts.map { "\($0.level.rawValue): \($0.message) -> \($0.action?.id ?? "-")" }
            == ["emergency: Get help now -> urgent", "clinician: Tell your team -> -"])
        #expect(plan.items.isEmpty)
        #expect(Set(plan.removed.flatMap(\.causes)) == [.safetyCard])
        let text = PlanRenderer(style: .text).render(plan)
        #expect(text.contains("!! URGENT — GET HELP NOW: Get help now\n!!   - Call now\n"))
        #expect(text.contains("Today's other suggestions are on hold"))
    }

    @Test func aClinicianAlertHeadsThePlanWithoutReplacingIt() throws {
        let plan = try plan(["stress": .integer(5), "flags": .set(["clinic"]), "minutes": .integer(10)])
        #expect(!plan.safetyCardOnly)
        #expect(plan.alerts.map(\.message) == ["Tell your team"])
        #expect(summary(plan) == ["evening diary p10 []", "any breathe p80 [stress 5]"])
    }
}
