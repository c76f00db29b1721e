import Foundation
import SteadyTestSupport
@testable import SteadyEngine
@testable import SteadyPlan
import Testing
@testable import SteadyRules

/// Clinical properties of every plan the shipped rule base makes, over random valid states
/// drawn from its own schema (every input fact, often missing; red flags at a clinical rate;
/// dates around the day planned, an injection never after it): an emergency or crisis card holds
/// only safety items, no plan exceeds its budget, none holds two heat items or rest together
/// with a walk, and every reason reads without "unknown", a negative number or float noise.
struct ShippedPlanPropertyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let planner: Planner? = Planner(RuleLoader(lints: false).load(paths: [
        root.appendingPathComponent("rules/cervical-dystonia").path, root.appendingPathComponent("plans").path,
    ]))

    static let today = Day(iso: "2026-11-24")!

    @Test func everyPlanKeepsTheClinicalInvariants() throws {
        let planner = try #require(Self.planner)
        let heat = Set(planner.catalog.actions.filter { $0.group == "heat" }.map(\.id))
        #expect(heat.count >= 2, "the catalog's heat items form a group")
        var rng = Xorshift(seed: 20261203)
        var cards = 0
        for index in 0..<3_000 {
            let facts = RandomState.facts(planner.ruleSet.schema, today: Self.today, rng: &rng)
            let plan = try planner.plan(facts, explains: false).plan
            let ids = plan.items.map(\.action.id)
            let context = "state \(index): \(Self.describe(facts))"
            if plan.alerts.contains(where: { $0.level == .emergency || $0.level == .crisis }) {
                cards += 1
                #expect(plan.items.allSatisfy { $0.action.category == .safety }, "\(context)")
            }
            #expect(plan.budgetUsed <= plan.budgetMinutes, "\(context)")
            #expect(ids.filter(heat.contains).count <= 1, "\(context)")
            #expect(!(ids.contains("rest_lying_supported") && ids.contains("walking")), "\(context)")
            let texts = plan.items.flatMap { $0.reasons.map(\.text) } + plan.removed.flatMap { $0.reasons.map(\.text) }
                + plan.alerts.map(\.message.text)
            for text in texts {
                #expect(!text.contains("unknown"), "\(text) — \(context)")
                #expect(text.range(of: #"(^|[^0-9A-Za-z])-[0-9]"#, options: .regularExpression) == nil, "\(text) — \(context)")
                #expect(text.range(of: #"[0-9]\.[0-9]{2,}"#, options: .regularExpression) == nil, "\(text) — \(context)")
                #expect(!text.contains("_"), "\(text) — \(context)")
            }
        }
        #expect(cards > 0, "some random states raise an emergency or crisis card")
    }

    /// A failing state's values, one `name=value` each, to rebuild it.
    static func describe(_ facts: FactBase) -> String {
        facts.values.keys.sorted().map { "\($0)=\(facts.values[$0]!)" }.joined(separator: " ")
    }
}
