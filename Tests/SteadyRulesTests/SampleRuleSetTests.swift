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
        #expect(rules.rules.map(\.id) == rules.rules.map(\.id).sorted())
        #expect(try #require(result.catalog).actions.count >= 7)
    }

    @Test func typedModelOfOneRule() throws {
        let rules = try #require(RuleLoader().load(paths: Self.paths).ruleSet)
        let rule = try #require(rules.rule("high-stress-breathing"))
        #expect(rule.title == "Paced breathing on a high-stress day")
        #expect(rule.salience == 0)
        #expect(rule.enabled)
        #expect(rule.evidence == ["CD physiotherapy leaflet"])
        guard case .test(let test) = try #require(rule.condition.elements.first) else { Issue.record("not a test"); return }
        #expect(test.kind == .fact("high_stress_day"))
        #expect(test.type == .bool)
        guard case .recommend(let recommendation) = try #require(rule.actions.first) else { Issue.record("not a recommendation"); return }
        #expect(recommendation.action == .id("breathing_diaphragmatic"))
        #expect(recommendation.priority == 80)
        let parts = try #require(recommendation.reason).parts
        #expect(parts.count == 3)
        #expect(parts.first == .text("your stress is "))
        #expect(parts.last == .text("/10 today"))
    }

    @Test func typedSchema() throws {
        let schema = try #require(RuleLoader().load(paths: Self.paths).ruleSet).schema
        #expect(schema.facts["stress"]?.type == .integer)
        #expect(schema.facts["stress"]?.maximum == 10)
        #expect(schema.facts["sleep_hours"]?.unit == "h")
        #expect(schema.facts["date"]?.isRequired == true)
        #expect(schema.facts["work.context"]?.type == .enumeration(["desk_office", "remote", "manual", "driving_role", "not_working", "student"]))
        #expect(schema.facts["cycle_phase"]?.isDerived == true)
        #expect(schema.records["bont"] == ["last_injection", "usual_interval_weeks"])
        #expect(schema.templates["coping"]?.fields.map(\.name) == ["trigger", "action"])
    }

    @Test func derivationsAndAlertsAreTyped() throws {
        let rules = try #require(RuleLoader().load(paths: Self.paths).ruleSet)
        guard case .derive(let derivation) = rules.rule("days-since-injection")?.actions.first else {
            Issue.record("no derivation"); return
        }
        #expect(derivation.fact == "days_since_injection")
        #expect(derivation.value?.type == .integer)
        guard case .alert(let alert) = rules.rule("red-flag-toxin-spread")?.actions.first else { Issue.record("no alert"); return }
        #expect(alert.level == .emergency)
        #expect(alert.action == "urgent_care_bont_red_flag")
        #expect(rules.rule("red-flag-toxin-spread")?.salience == 1000)
    }

    @Test func catalogActionIsTyped() throws {
        let catalog = try #require(RuleLoader().load(paths: Self.paths).catalog)
        let yoga = try #require(catalog.action("yoga_gentle"))
        #expect(yoga.category == .body)
        #expect(yoga.minutes == 30)
        #expect(yoga.slot == .any)
        #expect(yoga.contraindications.map(\.condition.text) == ["pain >= 7", "days_since_injection <= 1"])
        #expect(yoga.contraindications.map(\.reason) == ["not on a severe-pain day", nil])
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
        }
    }
}
