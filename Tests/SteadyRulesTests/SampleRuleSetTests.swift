import Foundation
import Testing
@testable import SteadyRules

/// The shipped rule set and catalog load cleanly into a typed model, the same whatever the
/// order of files.
struct SampleRuleSetTests {
    static let paths = [Repository.path("rules/cervical-dystonia"), Repository.path("plans")]

    @Test func loadsWithoutProblems() throws {
        let result = RuleLoader().load(paths: Self.paths)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { "\($0.span?.file ?? ""):\($0.span?.start.description ?? "") \($0.message)" })")
        let rules = try #require(result.ruleSet)
        #expect(rules.name == "cervical-dystonia")
        #expect(rules.contentHash.hasPrefix("sha256:"))
        #expect(rules.rules.map(\.id) == rules.rules.map(\.id).sorted())
        #expect(try #require(result.catalog).actions.count >= 25)
    }

    @Test func typedModelOfOneRule() throws {
        let rules = try #require(RuleLoader().load(paths: Self.paths).ruleSet)
        let rule = try #require(rules.rule("very-high-stress-thoughts"))
        #expect(rule.title == "Untangle stressful thoughts")
        #expect(rule.salience == 0)
        #expect(rule.enabled)
        #expect(rule.tags == ["stress"])
        #expect(rule.evidence.map(\.url) == ["https://www.nhs.uk/mental-health/talking-therapies-medicine-treatments/talking-therapies-and-counselling/cognitive-behavioural-therapy-cbt/overview/",
                                             "https://doi.org/10.1186/s12883-016-0562-y"])
        #expect(rule.evidence.last?.org == "BMC Neurology" && rule.evidence.last?.year == 2016)
        #expect(rule.reviewed == Day(iso: "2026-12-03"))
        guard case .test(let test) = try #require(rule.condition.elements.first) else { Issue.record("not a test"); return }
        guard case .compare(.greaterEqual, let left, let right) = test.kind else { Issue.record("not a comparison"); return }
        #expect(left.kind == .fact("stress"))
        #expect(right.kind == .constant(.integer(8)))
        guard case .recommend(let recommendation) = try #require(rule.effects.first) else { Issue.record("not a recommendation"); return }
        #expect(recommendation.action == .id("cbt_thought_record"))
        #expect(recommendation.priority == 45)
        let parts = try #require(recommendation.reason).parts
        #expect(parts.count == 3)
        #expect(parts.first == .text("your stress is "))
        #expect(parts.last == .text("/10"))
    }

    @Test func typedSchema() throws {
        let schema = try #require(RuleLoader().load(paths: Self.paths).ruleSet).schema
        #expect(schema.facts["stress"]?.type == .integer)
        #expect(schema.facts["stress"]?.maximum == 10)
        #expect(schema.facts["sleep.hours"]?.unit == "h")
        #expect(schema.facts["date"]?.isRequired == true)
        #expect(schema.facts["work.context"]?.type == .enumeration(["desk_office", "remote", "manual", "driving_role", "not_working", "student"]))
        #expect(schema.facts["cycle_phase"]?.isDerived == true)
        #expect(schema.records["bont"] == ["last_injection", "usual_interval_weeks", "next_appointment"])
        #expect(schema.templates["coping"]?.fields.map(\.name) == ["trigger", "action"])
    }

    @Test func derivationsAlertsAndComputedActionsAreTyped() throws {
        let rules = try #require(RuleLoader().load(paths: Self.paths).ruleSet)
        guard case .derive(let derivation) = rules.rule("days-since-injection")?.effects.first else {
            Issue.record("no derivation"); return
        }
        #expect(derivation.fact == "days_since_injection")
        #expect(derivation.value?.type == .integer)
        guard case .alert(let alert) = rules.rule("toxin-spread-alert")?.effects.first else { Issue.record("no alert"); return }
        #expect(alert.level == .emergency)
        #expect(alert.action == "urgent_care_bont_red_flag")
        #expect(rules.rule("toxin-spread-alert")?.salience == 1000)
        guard case .recommend(let computed) = rules.rule("cope-with-each-trigger")?.effects.first else { Issue.record("no recommendation"); return }
        #expect(computed.action.possibleIDs.count == 16)
    }

    @Test func shippedRuleBaseIsComplete() throws {
        let result = RuleLoader().load(paths: Self.paths)
        let rules = try #require(result.ruleSet), catalog = try #require(result.catalog)
        #expect(rules.rules.count >= 40)
        #expect(catalog.actions.count >= 25)
        #expect(rules.rules.allSatisfy { $0.rationale != nil && !$0.evidence.isEmpty })
        #expect(result.policy?.maxItems == 6)
        #expect(result.policy?.budgetFact == "minutes_available")
    }

    @Test func catalogActionIsTyped() throws {
        let catalog = try #require(RuleLoader().load(paths: Self.paths).catalog)
        let heat = try #require(catalog.action("heat_pack"))
        #expect(heat.category == .body)
        #expect(heat.minutes == 15)
        #expect(heat.slot == .evening)
        #expect(heat.contraindications.map(\.condition.text) == ["post_injection_window"])
        #expect(heat.contraindications.map(\.reason) == ["ice, not heat, in the first 24 hours after an injection"])
    }

    @Test func loadDoesNotDependOnFileOrder() throws {
        var sources: [(String, Data)] = []
        for folder in ["rules/cervical-dystonia", "plans"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: Repository.path(folder)).filter { $0.hasSuffix(".yaml") }
            for name in names {
                sources.append(("\(folder)/\(name)", FileManager.default.contents(atPath: Repository.path("\(folder)/\(name)"))!))
            }
        }
        let reference = RuleLoader().load(sources: sources)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let shuffled = RuleLoader().load(sources: sources.shuffled(using: &generator))
            #expect(shuffled.ruleSet == reference.ruleSet)
            #expect(shuffled.catalog == reference.catalog)
            #expect(shuffled.ruleSet?.contentHash == reference.ruleSet?.contentHash)
        }
    }
}
