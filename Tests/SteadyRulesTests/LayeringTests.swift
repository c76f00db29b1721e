import Foundation
import Testing
@testable import SteadyRules
import SteadyTestSupport

/// Custom rule sets layered on a default: imports, disable, override, params, and conflicts.
struct LayeringTests {
    static let base = """
        ruleset: base
        version: 1
        params: {high: 7}
        facts:
          stress: {type: integer, min: 0, max: 10}
        rules:
          - {id: a, title: A, when: "stress >= params.high", then: [{alert: clinician, message: high}], rationale: R, evidence: [E]}
          - {id: b, title: B, when: "stress <= 2", then: [{alert: clinician, message: low}], rationale: R, evidence: [E]}
        """

    func clinic(_ body: String, imports: Bool = true) -> String {
        "ruleset: clinic\nversion: 1\n" + (imports ? "imports: [../base]\n" : "") + body
    }

    func load(_ clinic: String, base: String = base) -> RuleLoader.Result {
        RuleLoader().load(sources: [("clinic/rules.yaml", Data(clinic.utf8)), ("base/rules.yaml", Data(base.utf8))])
    }

    func codes(_ result: RuleLoader.Result) -> [String] {
        result.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue) \($0.span.map { "\($0.file):\($0.start)" } ?? "-") \($0.message)" }
    }

    @Test func aClinicDisablesOverridesAndChangesAThreshold() throws {
        let result = load(clinic("""
            params: {high: 6}
            disable: [b]
            override: {a: {priority: 90, salience: 5}}
            rules:
              - {id: c, title: C, when: "stress == 5", then: [{alert: clinician, message: five}], rationale: R, evidence: [E]}
            """))
        #expect(codes(result).isEmpty)
        let rules = try #require(result.ruleSet)
        #expect(rules.name == "clinic")
        #expect(rules.rules.map(\.id) == ["a", "c"])
        #expect(rules.rule("a")?.salience == 5)
        #expect(rules.schema.params["high"] == .integer(6))
        guard case .test(let test) = rules.rule("a")?.condition.elements.first,
              case .compare(.greaterEqual, _, let threshold) = test.kind else { Issue.record("shape"); return }
        #expect(threshold.kind == .constant(.integer(6)))
        #expect(rules.files == ["base/rules.yaml", "clinic/rules.yaml"])
    }

    @Test func layersWithoutImportsFollowTheOrderGiven() throws {
        let result = RuleLoader().load(sources: [("base/rules.yaml", Data(Self.base.utf8)),
                                                 ("clinic/rules.yaml", Data(clinic("disable: [b]\n", imports: false).utf8))])
        #expect(codes(result).isEmpty)
        #expect(try #require(result.ruleSet).rules.map(\.id) == ["a"])
    }

    @Test func aDisabledRuleMayBeReplaced() throws {
        let result = load(clinic("""
            disable: [a]
            rules:
              - {id: a, title: Stricter, when: "stress >= 9", then: [{alert: clinician, message: high}], rationale: R, evidence: [E]}
            """))
        #expect(codes(result).isEmpty)
        #expect(try #require(result.ruleSet).rule("a")?.title == "Stricter")
    }

    @Test(arguments: [
        ("rules:\n  - {id: a, title: A2, then: [{alert: clinician, message: x}]}\n",
         "SR0512 clinic/rules.yaml:5:10 rule 'a' is already defined by rule set 'base'"),
        ("facts:\n  stress: {type: number}\n",
         "SR0513 clinic/rules.yaml:5:3 fact 'stress' is declared differently by rule set 'base'"),
        ("disable: [zz]\n", "SR0514 clinic/rules.yaml:4:11 'clinic' disables rule 'zz', which no earlier layer defines"),
        ("override: {zz: {priority: 3}}\n", "SR0514 clinic/rules.yaml:4:12 'clinic' overrides rule 'zz', which no earlier layer defines"),
        ("params: {high: 'very'}\n", "SR0402 clinic/rules.yaml:4:10 parameter 'high' was 7 in 'base'; \"very\" has another type"),
        ("rules:\n  - {id: d, title: D, when: \"stress >= params.hihg\", then: [{alert: clinician, message: x}]}\n",
         "SR0401 clinic/rules.yaml:5:40 unknown parameter 'params.hihg'"),
    ])
    func conflictsAreReported(_ body: String, _ expected: String) {
        let result = load(clinic(body))
        #expect(codes(result) == [expected])
        #expect(result.ruleSet == nil)
    }

    @Test func repeatingAFactDeclarationExactlyIsFine() {
        let result = load(clinic("facts:\n  stress: {type: integer, min: 0, max: 10}\n"))
        #expect(codes(result).isEmpty)
    }

    @Test func importCyclesAreRejected() {
        let base = Self.base.replacingOccurrences(of: "version: 1\n", with: "version: 1\nimports: [../clinic]\n")
        let result = load(clinic(""), base: base)
        #expect(codes(result).map { $0.split(separator: " ").first! } == ["SR0511"])
        #expect(result.diagnostics.first { $0.code == .importCycle }?.message.contains("'base' → 'clinic' → 'base'") == true
            || result.diagnostics.first { $0.code == .importCycle }?.message.contains("'clinic' → 'base' → 'clinic'") == true)
    }

    @Test func missingImportsAreReported() {
        let result = RuleLoader().load(sources: [("clinic/rules.yaml", Data(clinic("").utf8))])
        #expect(codes(result) == ["SR0109 clinic/rules.yaml:3:11 imported rule set '../base' was not found"])
    }

    @Test func importsResolveOnDisk() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-layers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in [("base/rules.yaml", Self.base), ("clinic/rules.yaml", clinic("params: {high: 5}\n"))] {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let result = RuleLoader().load(paths: [folder.appendingPathComponent("clinic").path])
        #expect(codes(result).isEmpty)
        #expect(try #require(result.ruleSet).schema.params["high"] == .integer(5))
        #expect(result.ruleSet?.rules.count == 2)
    }

    @Test func pathsAreJoinedAndFolded() {
        #expect(RuleLoader.join("clinic/rules.yaml", "../base") == "base")
        #expect(RuleLoader.join("/x/clinic/rules.yaml", "../rules/cd") == "/x/rules/cd")
        #expect(RuleLoader.join("a/b/c.yaml", "./d/../e") == "a/b/e")
        #expect(RuleLoader.join("c.yaml", "../up") == "../up")
    }
}

/// A folder reached through a symbolic link loads like the folder itself, named by the link.
struct SymlinkedFolderTests {
    @Test func loadsThroughASymlinkedFolder() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-link-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try Data(LayeringTests.base.utf8).write(to: real.appendingPathComponent("rules.yaml"))
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let result = RuleLoader().load(paths: [link.path])
        #expect(result.ruleSet?.rules.count == 2)
        #expect(result.files.map(\.path) == [link.appendingPathComponent("rules.yaml").path])
    }
}
