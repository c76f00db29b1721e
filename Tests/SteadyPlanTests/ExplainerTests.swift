import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules

/// Explanations of history conditions: the function's own value, its unit, and the days it read.
struct ExplainerTests {
    static let rules = """
        ruleset: t
        version: 1
        facts:
          date: {type: date, required: true}
          pain: {type: integer, min: 0, max: 10}
          sleep: {type: number, min: 0, max: 24, unit: h}
        rules:
          - {id: rising, title: Rising, when: "trend(pain, 7d) > 0", then: [{recommend: rest}]}
          - {id: short, title: Short, when: "avg(sleep, 3d) < 6 and streak(pain >= 3) >= 1", then: [{recommend: nap}]}
        """
    static let catalog = """
        catalog: c
        version: 1
        actions:
          - {id: rest, title: Rest, category: body, minutes: 5, slot: any}
          - {id: nap, title: Nap, category: body, minutes: 5, slot: any}
        """

    func planned() throws -> Planned {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.rules.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let planner = try #require(Planner(loaded))
        let today = Day(iso: "2026-11-24")!
        func day(_ daysAgo: Int) -> Day { Day(today.daysSinceEpoch - daysAgo) }
        // Check-ins 1, 3 and 9 days ago; none 2 days ago.
        let facts = FactBase(values: ["date": .date(today.daysSinceEpoch), "pain": .integer(6), "sleep": .number(5)], today: today,
                             history: [day(1): ["pain": .integer(4), "sleep": .number(5.5)], day(3): ["pain": .integer(2), "sleep": .number(8)],
                                       day(9): ["pain": .integer(9)]])
        return try planner.plan(facts)
    }

    @Test func aHistoryReadHasItsValueUnitAndDays() throws {
        let planned = try planned()
        let explainer = planned.explainer
        func derivation(_ id: String) throws -> DerivationNode {
            let item = try #require(planned.plan.items.first { $0.action.id == id })
            return try #require(explainer.why(item.action).derivations.first)
        }
        let rising = try derivation("rest")
        // pain 2, 4, 6 on days -3, -1, 0: the least-squares slope is 6 / (42/9) ≈ 1.29 per day.
        #expect(rising.history.map(\.expression) == ["trend(pain, 7d)"])
        #expect(rising.history[0].displayValue == "1.29 per day")
        #expect(rising.history[0].days.map(\.description) == ["2026-11-21", "2026-11-23", "2026-11-24"])
        let short = try derivation("nap")
        #expect(short.history.map(\.displayValue) == ["5.25 h", "2 days"])
        // avg over 3 days reads today and yesterday (two days ago has no check-in); the streak ends at the gap.
        #expect(short.history.map { $0.days.map(\.description) } == [["2026-11-23", "2026-11-24"], ["2026-11-23", "2026-11-24"]])
    }
}
