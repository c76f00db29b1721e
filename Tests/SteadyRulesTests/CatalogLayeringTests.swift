import Foundation
import Testing
@testable import SteadyRules

/// A clinic catalog layered on the default one: `imports:`, `override:` of action fields, new
/// actions, and the same conflicts and unknown targets as rule layers.
struct CatalogLayeringTests {
    static let rules = """
        ruleset: r
        version: 1
        facts:
          stress: {type: integer, min: 0, max: 10}
        rules:
          - {id: walk, title: W, when: "stress >= 5", then: [{recommend: walking}]}
          - {id: nurse, title: N, when: "stress >= 8", then: [{recommend: nurse_line}]}
        """
    static let base = """
        catalog: base-actions
        version: 1
        actions:
          - id: walking
            title: A walk
            category: body
            minutes: 20
            slot: any
            contraindications: ["stress >= 10"]
          - {id: breathing, title: Breathing, category: mind, minutes: 5, slot: any}
        """

    func load(_ clinic: String) -> RuleLoader.Result {
        RuleLoader().load(sources: [("rules.yaml", Data(Self.rules.utf8)), ("base/actions.yaml", Data(Self.base.utf8)),
                                    ("clinic/actions.yaml", Data(clinic.utf8))])
    }

    func errors(_ result: RuleLoader.Result) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map { d in
            "\(d.code.rawValue) \(d.span.map { "\($0.file):\($0.start)" } ?? "-") \(d.message)" + (d.hint.map { " | \($0)" } ?? "")
        }
    }

    @Test func aClinicCatalogChangesAnActionAndAddsOne() throws {
        let result = load("""
            catalog: riverside-actions
            version: 2
            imports: [../base]
            override:
              walking: {minutes: 10, title: A short walk, steps: [Walk round the block]}
            actions:
              - {id: nurse_line, title: Call the Riverside nurse line, category: medical, minutes: 5, slot: any}
            """)
        #expect(errors(result).isEmpty)
        let catalog = try #require(result.catalog)
        #expect(catalog.name == "riverside-actions")
        #expect(catalog.version == "2")
        #expect(catalog.actions.map(\.id) == ["breathing", "nurse_line", "walking"])
        let walking = try #require(catalog.action("walking"))
        #expect([walking.title, "\(walking.minutes)", walking.steps.joined()] == ["A short walk", "10", "Walk round the block"])
        #expect(walking.contraindications.count == 1, "contraindications are kept, never overridden")
        #expect(walking.category == .body)
        #expect(catalog.files == ["base/actions.yaml", "clinic/actions.yaml"])
    }

    @Test func redefiningAnImportedActionIsAConflict() {
        let result = load("""
            catalog: riverside-actions
            version: 1
            imports: [../base]
            actions:
              - {id: walking, title: Our walk, category: body, minutes: 15, slot: any}
              - {id: nurse_line, title: N, category: medical, minutes: 5, slot: any}
            """)
        #expect(errors(result) == [
            "SR0503 clinic/actions.yaml:5:10 action 'walking' is already defined by catalog 'base-actions' | use 'override:' to change its fields, or choose another id",
        ])
    }

    @Test func overridingAnUnknownActionOrItsContraindicationsIsAnError() {
        let unknown = load("""
            catalog: riverside-actions
            version: 1
            imports: [../base]
            override: {walkng: {minutes: 10}}
            actions:
              - {id: nurse_line, title: N, category: medical, minutes: 5, slot: any}
            """)
        #expect(errors(unknown) == [
            "SR0514 clinic/actions.yaml:4:12 'riverside-actions' overrides action 'walkng', which no earlier catalog defines | did you mean 'walking'?",
        ])
        let safety = load("""
            catalog: riverside-actions
            version: 1
            imports: [../base]
            override: {walking: {contraindications: []}}
            actions:
              - {id: nurse_line, title: N, category: medical, minutes: 5, slot: any}
            """)
        #expect(errors(safety).map { String($0.prefix(39)) } == ["SR0202 clinic/actions.yaml:4:22 unknown"])
    }

    @Test func catalogsThatImportEachOtherAreACycle() {
        let result = RuleLoader().load(sources: [
            ("rules.yaml", Data(Self.rules.utf8)),
            ("a/actions.yaml", Data("catalog: a\nversion: 1\nimports: [../b]\nactions:\n  - {id: walking, title: W, category: body, minutes: 5, slot: any}\n".utf8)),
            ("b/actions.yaml", Data("catalog: b\nversion: 1\nimports: [../a]\nactions:\n  - {id: nurse_line, title: N, category: medical, minutes: 5, slot: any}\n".utf8)),
        ])
        #expect(errors(result).contains { $0.contains("catalogs import each other: 'a' → 'b' → 'a'") }, "\(errors(result))")
    }
}
