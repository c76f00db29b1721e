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
        return try Planner(ruleSet: ruleSet, catalog: catalog, policy: policy).plan(FactBase(values: values)).plan
    }

    func summary(_ plan: Plan) -> [String] {
        plan.items.map { "\($0.slot.rawValue) \($0.action.id) p\($0.priority) [\($0.reasons.map(\.text).joined(separator: "; "))]" }
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
        #expect(plan.budgetSource == .stated && plan.budgetMinutes == 120)
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
        #expect(limited.budgetSource == .policyDefault && limited.budgetMinutes == 500)
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
        #expect(plan.alerts.map(\.message.text) == ["Tell your team"])
        #expect(summary(plan) == ["evening diary p10 []", "any breathe p80 [stress 5]"])
    }

    /// Catalog groups, budget-exempt categories and the policy's safety-card levels.
    static let clinicalCatalog = """
        catalog: c
        version: 1
        actions:
          - {id: breathe, title: Breathe, category: mind, minutes: 5, slot: any}
          - {id: walk, title: Walk, category: body, minutes: 20, slot: midday, group: pace}
          - {id: stretch, title: Warm pack, category: body, minutes: 10, slot: morning, group: heat}
          - {id: diary, title: Diary, category: medical, minutes: 5, slot: evening}
          - {id: yoga, title: Heat before stretching, category: body, minutes: 30, slot: any, group: heat}
          - {id: urgent, title: Urgent care, category: safety, minutes: 0, slot: any}
        """

    func clinicalPlan(_ values: [String: Value], policy: PlanPolicy) throws -> Plan {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.clinicalCatalog.utf8))])
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        return try Planner(ruleSet: ruleSet, catalog: catalog, policy: policy).plan(FactBase(values: values)).plan
    }

    static func policy(exempt: Set<CatalogAction.Category> = [], card: Set<Alert.Level> = [.emergency, .crisis]) -> PlanPolicy {
        PlanPolicy(name: "p", version: "1", timeBudgetMinutes: 45, maxItems: 6, slotOrder: [.morning, .midday, .evening, .any],
                   budgetFact: "minutes", budgetExempt: exempt, safetyCardLevels: card)
    }

    @Test func oneActionOfAGroupReachesThePlan() throws {
        let plan = try clinicalPlan(["stress": .integer(5), "pain": .integer(0), "minutes": .integer(200)], policy: Self.policy())
        #expect(summary(plan) == ["morning stretch p70 []", "midday walk p50 []", "evening diary p10 []", "any breathe p80 [stress 5]"])
        #expect(removed(plan) == ["yoga: the plan already has warm pack (one heat item a day)"])
        #expect(PlanRecord(plan, snapshot: "s").removed[0].causes == [
            { var cause = PlanRecord.Cause(code: "group_taken"); cause.group = "heat"; cause.takenBy = "stretch"; return cause }(),
        ])
    }

    @Test func exemptCategoriesDoNotUseTheBudget() throws {
        let values: [String: Value] = ["stress": .integer(5), "pain": .integer(0), "minutes": .integer(0)]
        let counted = try clinicalPlan(values, policy: Self.policy())
        #expect(counted.items.isEmpty)
        let exempt = try clinicalPlan(values, policy: Self.policy(exempt: [.medical]))
        #expect(summary(exempt) == ["evening diary p10 []"])
        #expect(exempt.budgetUsed == 0 && exempt.totalMinutes == 5)
        #expect(PlanRenderer(style: .text).render(exempt).contains("Total: 0 of 0 minutes"))
    }

    @Test func thePolicySaysWhichAlertLevelsHoldThePlan() throws {
        let values: [String: Value] = ["stress": .integer(5), "flags": .set(["swallowing"]), "minutes": .integer(60)]
        #expect(try clinicalPlan(values, policy: Self.policy()).safetyCardOnly)
        let kept = try clinicalPlan(values, policy: Self.policy(card: [.crisis]))
        #expect(!kept.safetyCardOnly)
        #expect(kept.alerts.map(\.level) == [.emergency])
        #expect(kept.items.map(\.action.id).contains("breathe"))
    }
}

/// What earlier plans suggested: `suggested("id", 3d)` in conditions and catalog `rest_days`.
struct SuggestedHistoryTests {
    static let rules = """
        ruleset: t
        version: 1
        facts:
          date: {type: date}
          stress: {type: integer, min: 0, max: 10}
        rules:
          - {id: breathe-when-stressed, title: B, when: "stress >= 5", then: [{recommend: breathe, priority: 80}]}
          - {id: workstation, title: W, when: "stress >= 5", then: [{recommend: desk, priority: 70}]}
          - id: vary-the-walk
            title: V
            when: "stress >= 5 and not suggested('walk', 2d)"
            then: [{recommend: walk, priority: 60}]
        """
    static let catalog = """
        catalog: c
        version: 1
        actions:
          - {id: breathe, title: Breathe, category: mind, minutes: 5, slot: any}
          - {id: desk, title: Desk, category: work, minutes: 15, slot: morning, rest_days: 3}
          - {id: walk, title: Walk, category: body, minutes: 20, slot: midday}
        """

    /// The plan for 2026-11-24 (stress 8) after earlier plans with `suggested` actions by days ago.
    func plan(after suggested: [Int: Set<String>]) throws -> Plan {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        let today = Day(iso: "2026-11-24")!
        let facts = FactBase(values: ["stress": .integer(8), "date": .date(today.daysSinceEpoch)], today: today,
                             suggested: Dictionary(uniqueKeysWithValues: suggested.map { (Day(today.daysSinceEpoch - $0.key), $0.value) }))
        return try Planner(ruleSet: ruleSet, catalog: catalog).plan(facts).plan
    }

    @Test func aRuleSeesWhatEarlierPlansSuggested() throws {
        #expect(try plan(after: [:]).items.map(\.action.id).sorted() == ["breathe", "desk", "walk"])
        #expect(try plan(after: [2: ["walk"]]).items.map(\.action.id).sorted() == ["breathe", "desk"])
        // Three days ago is outside the 2-day window.
        #expect(try plan(after: [3: ["walk"]]).items.map(\.action.id).sorted() == ["breathe", "desk", "walk"])
    }

    @Test func anActionRestsForItsRestDays() throws {
        let resting = try plan(after: [1: ["desk", "breathe"]])
        #expect(resting.items.map(\.action.id).sorted() == ["breathe", "walk"])
        #expect(resting.removed.map { "\($0.action.id): \($0.causes.map(PlanRenderer.describe).joined())" }
            == ["desk: resting: it was in your plan yesterday (it rests 3 days for variety)"])
        #expect(try plan(after: [3: ["desk"]]).removed.first?.causes == [.resting(daysAgo: 3, restDays: 3)])
        #expect(try plan(after: [4: ["desk"]]).items.map(\.action.id).contains("desk"))
    }

    @Test func suggestedIsCheckedAgainstTheCatalog() throws {
        let broken = Self.rules.replacingOccurrences(of: "suggested('walk', 2d)", with: "suggested('walks', 2d) or suggested(walk, 2d)")
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(broken.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        #expect(loaded.diagnostics.map { "\($0.span!.start) \($0.code.rawValue) \($0.message)" } == [
            "11:42 SR0502 unknown action 'walks'",
            "11:68 SR0405 the first argument of suggested() is an action id in quotes",
        ])
    }
}

/// What the patient marked done on earlier plans: `done("id", 7d)`, read by the compiled engine
/// (the plan) and by the interpreter (the explanation), from facts or a test's `history:`.
struct DoneHistoryTests {
    static let rules = """
        ruleset: t
        version: 1
        facts:
          date: {type: date}
          stress: {type: integer, min: 0, max: 10}
        rules:
          - {id: start-walking, title: Start walking, when: "stress >= 5 and not done('walk', 7d)", then: [{recommend: walk, priority: 60}]}
          - id: walk-further
            title: Walk a little further
            when: "stress >= 5 and done('walk', 7d)"
            then: [{recommend: long_walk, priority: 60}]
        tests:
          - name: a walk marked done three days ago leads on
            state: {date: 2026-11-24, stress: 8}
            history:
              - {date: 2026-11-21, stress: 4, suggested: [walk], done: [walk]}
            expect: {recommended: [long_walk], absent: [walk]}
          - name: suggested but not done starts again
            state: {date: 2026-11-24, stress: 8}
            history:
              - {date: 2026-11-21, stress: 4, suggested: [walk]}
            expect: {recommended: [walk], absent: [long_walk]}
        """
    static let catalog = """
        catalog: c
        version: 1
        actions:
          - {id: walk, title: Walk, category: body, minutes: 10, slot: midday}
          - {id: long_walk, title: Longer walk, category: body, minutes: 20, slot: midday}
        """

    func planned(doneDaysAgo: [Int: Set<String>]) throws -> Planned {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        let today = Day(iso: "2026-11-24")!
        let facts = FactBase(values: ["stress": .integer(8), "date": .date(today.daysSinceEpoch)], today: today,
                             done: Dictionary(uniqueKeysWithValues: doneDaysAgo.map { (Day(today.daysSinceEpoch - $0.key), $0.value) }))
        return try Planner(ruleSet: ruleSet, catalog: catalog).plan(facts)
    }

    @Test func aRuleSeesWhatThePatientDidInTheWindow() throws {
        #expect(try planned(doneDaysAgo: [:]).plan.items.map(\.action.id) == ["walk"])
        #expect(try planned(doneDaysAgo: [7: ["walk"]]).plan.items.map(\.action.id) == ["long_walk"])
        // Eight days ago is outside the window; today's mark is not an earlier day.
        #expect(try planned(doneDaysAgo: [8: ["walk"]]).plan.items.map(\.action.id) == ["walk"])
        #expect(try planned(doneDaysAgo: [0: ["walk"]]).plan.items.map(\.action.id) == ["walk"])
    }

    @Test func theExplanationShowsTheDoneTest() throws {
        let planned = try planned(doneDaysAgo: [3: ["walk"]])
        let action = try #require(planned.plan.items.first?.action)
        let text = ExplanationRenderer(audience: .auditor, plan: planned.plan).render(planned.explainer.why(action))
        #expect(text.contains("when done('walk', 7d): true"), "\(text)")
    }

    @Test func aTestsHistoryCarriesDoneMarks() throws {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        let results = RuleSetTestRunner(planner: Planner(ruleSet: ruleSet, catalog: catalog)).run()
        #expect(results.map(\.failures) == [[], []])
    }

    @Test func doneIsCheckedLikeSuggested() throws {
        let broken = Self.rules.replacingOccurrences(of: "not done('walk', 7d)", with: "not done('walks', 7d) or done('walk')")
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(broken.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        #expect(loaded.diagnostics.map { "\($0.code.rawValue) \($0.message)" } == [
            "SR0502 unknown action 'walks'",
            "SR0405 done takes 2 arguments, got 1",
        ])
    }
}

/// The policy's `limits.max_work` bounds a plan's matching like `--max-work`.
struct PolicyLimitTests {
    static let rules = """
        ruleset: t
        version: 1
        facts:
          trigger: {type: template, fields: {name: {type: string}, intensity: {type: integer, min: 0, max: 10}}}
        rules:
          - {id: cross, title: T, when: "a: trigger and b: trigger and c: trigger and a.intensity + b.intensity + c.intensity > 100", then: [{recommend: x}]}
        """
    static let catalog = "catalog: c\nversion: 1\nactions:\n  - {id: x, title: X, category: mind, minutes: 5, slot: any}\n"

    func load(_ limits: String) -> RuleLoader.Result {
        let policy = "policy: p\nversion: 1\ntime_budget_minutes: 45\nmax_items: 6\n" + limits
        return RuleLoader(lints: false).load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8)),
                                                        ("p.yaml", Data(policy.utf8))])
    }

    @Test func thePolicysWorkLimitStopsARunThatMultiplies() throws {
        let planner = try #require(Planner(load("limits: {max_work: 50000}\n")))
        #expect(planner.policy.maxWork == 50_000 && planner.workLimit == 50_000)
        var facts = FactBase()
        for index in 0..<100 { facts.add("trigger", ["name": .string("t\(index)"), "intensity": .integer(index % 10)]) }
        #expect(throws: EngineError.workLimit(limit: 50_000, rule: "cross")) { try planner.plan(facts) }
        // Without limits the engine's default holds; the limit is part of the snapshot.
        let standard = try #require(Planner(load("")))
        #expect(standard.workLimit == Session.defaultWorkLimit && standard.snapshotHash != planner.snapshotHash)
    }

    /// Past a handful of distinct actions the assembler finds them by hashing: merges and
    /// suppressions still reach the right action.
    @Test func manyActionsMergeAndAreSuppressedByID() throws {
        let ids = (0..<40).map { "a\($0 < 10 ? "0" : "")\($0)" }
        let list = ids.map { "{recommend: \($0), priority: 10, reason: low \($0)}" }.joined(separator: ", ")
        let again = ids.reversed().map { "{recommend: \($0), priority: 20, reason: high \($0)}" }.joined(separator: ", ")
        let evens = ids.enumerated().filter { $0.offset % 2 == 0 }.map { "{suppress: \($0.element), reason: even \($0.element)}" }.joined(separator: ", ")
        let rules = """
            ruleset: t
            version: 1
            facts: {stress: {type: integer, min: 0, max: 10}}
            rules:
              - {id: low, title: Low, when: "stress >= 1", then: [\(list)]}
              - {id: high, title: High, when: "stress >= 1", then: [\(again)]}
              - {id: even, title: Even, when: "stress >= 1", then: [\(evens)]}
            """
        let catalog = "catalog: c\nversion: 1\nactions:\n" + ids.map { "  - {id: \($0), title: T, category: mind, minutes: 1, slot: any}\n" }.joined()
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(rules.utf8)), ("c.yaml", Data(catalog.utf8))])
        let policy = PlanPolicy(name: "p", version: "1", timeBudgetMinutes: 600, maxItems: 50, slotOrder: [.any])
        let planner = Planner(ruleSet: try #require(loaded.ruleSet), catalog: try #require(loaded.catalog), policy: policy)
        let plan = try planner.plan(FactBase(values: ["stress": .integer(5)])).plan
        let odd = ids.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(plan.items.map(\.action.id) == odd)
        // Rules fire in id order (`high` before `low`): each reason and rule once, in firing order.
        #expect(plan.items.allSatisfy { item in
            let id = item.action.id
            return item.priority == 20 && item.reasons.map(\.text) == ["high \(id)", "low \(id)"] && item.rules == ["high", "low"]
        })
        #expect(plan.removed.map(\.action.id) == ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        #expect(plan.removed.allSatisfy { $0.causes.map(PlanRenderer.describe) == ["even \($0.action.id)"] && $0.priority == 20 })
    }

    @Test func aLimitOutOfRangeOrUnknownIsAnError() {
        #expect(load("limits: {max_work: 10}\n").diagnostics.map(\.code) == [.invalidValue])
        #expect(load("limits: {max_firings: 10}\n").diagnostics.map(\.code) == [.unknownKey])
    }
}
