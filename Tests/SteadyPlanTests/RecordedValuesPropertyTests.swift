import Foundation
import SteadyTestSupport
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules

/// A trace lists every evaluated sub-expression in pre-order. The interpreter records its
/// evaluations in that order; these hold the recorded order equal to walking the expressions
/// (each evaluated node once, with its last value) on real conditions.
struct RecordedValuesPropertyTests {
    /// Every condition element of every rule, on the shipped base's fixpoint for random states
    /// with up to two weeks of history (history functions, ranges, `or` and `and` that stop
    /// early or not).
    @Test func theShippedConditionsRecordInTheOrderOfTheirWalk() throws {
        let planner = try #require(Planner(RuleLoader(lints: false).load(paths: [
            FlatRunPropertyTests.root.appendingPathComponent("rules/cervical-dystonia").path,
            FlatRunPropertyTests.root.appendingPathComponent("plans").path,
        ])))
        let schema = planner.ruleSet.schema, today = Day(iso: "2026-11-24")!
        var rng = Xorshift(seed: 20261207)
        var compared = 0
        for _ in 0..<200 {
            var facts = RandomState.facts(schema, today: today, rng: &rng)
            for daysAgo in 1...(1 + rng.next(14)) where rng.next(3) != 0 {
                facts.history[Day(today.daysSinceEpoch - daysAgo)] = RandomState.facts(schema, today: Day(today.daysSinceEpoch - daysAgo), rng: &rng).values
            }
            compared += try Self.compare(planner.plan(facts).facts, planner.ruleSet.rules)
        }
        #expect(compared > 200 * 100)
    }

    /// `exists` over several instances evaluates its filter once per instance, so the walk is
    /// taken; `if … then … else` evaluates one branch, or both when its condition is unknown.
    @Test func repeatedAndSkippedEvaluationsRecordAsTheWalkSays() throws {
        let rules = FlatRunPropertyTests.header + """
            rules:
              - {id: table, title: T, when: "true", then: [{derive: pair, fields: {key: "'x'", act: "'act1'"}}, {derive: pair, fields: {key: "'y'", act: "'act2'"}}]}
              - {id: any, title: T, when: "exists p: pair where p.key in tags and a > 2", then: [{recommend: act0}]}
              - {id: pick, title: T, when: "(if flag then a else b) > 3 or not known(mode)", then: [{recommend: act3}]}

            """
        let loaded = RuleLoader(lints: false).load(sources: [("r.yaml", Data(rules.utf8)), ("c.yaml", Data(FastPathPropertyTests.catalog.utf8))])
        let planner = try #require(Planner(loaded), "\(loaded.diagnostics.map(\.message))")
        var walked = 0
        for values: [String: Value] in [["tags": .set(["x", "y"]), "a": .integer(3), "flag": .bool(true)],
                                        ["tags": .set(["z"]), "a": .integer(1), "b": .number(5), "flag": .bool(false), "mode": .string("x")],
                                        ["b": .number(2)], [:]] {
            let facts = try planner.plan(FactBase(values: values)).facts
            walked += try Self.compare(facts, planner.ruleSet.rules)
        }
        #expect(walked > 10)
    }

    /// Records each condition element of `rules` on `facts` and holds the recorded order equal
    /// to the walk; returns how many elements it compared.
    static func compare(_ facts: FactView, _ rules: [Rule]) throws -> Int {
        var compared = 0
        for rule in rules {
            for element in rule.condition.elements {
                let root: CheckedExpr
                switch element {
                case .test(let expr): root = expr
                case .pattern(_, _, _, let filter?): root = filter
                case .pattern: continue
                }
                let recording = ExpressionRecording()
                // Pattern variables unbound: their fields are unknown, as in a miss with no candidate.
                _ = Interpreter(context: FactView.Context(view: facts), recording: recording).evaluate(root)
                #expect(FactView.flatten([root], recording) == FactView.walk([root], recording), "\(rule.id): \(root.text)")
                compared += 1
            }
        }
        return compared
    }
}
