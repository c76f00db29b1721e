import Testing
@testable import SteadyRules

struct StratifierTests {
    func rules(_ body: String) -> RuleLoader.Result {
        load("""
            ruleset: t
            version: 1
            facts:
              stress: {type: integer}
              a: {type: bool, derived: true}
              b: {type: bool, derived: true}
              c: {type: bool, derived: true}
              level: {type: integer, derived: true}
            rules:
            \(body)
            """)
    }

    @Test func ordersByDependencyNotByName() throws {
        let result = rules("""
              - {id: a-reads-b, title: T, when: b, then: [{derive: c}]}
              - {id: m-reads-a, title: T, when: a, then: [{derive: b}]}
              - {id: z-from-input, title: T, when: "stress > 5", then: [{derive: a}]}
              - {id: y-reads-c, title: T, when: "not c", then: [{alert: clinician, message: x}]}
            """)
        #expect(!result.diagnostics.hasErrors)
        #expect(try #require(result.ruleSet).strata == [["z-from-input"], ["m-reads-a"], ["a-reads-b"], ["y-reads-c"]])
    }

    @Test func positiveCycleIsOneStratum() throws {
        let result = rules("""
              - {id: r1, title: T, when: "a or stress > 5", then: [{derive: b}]}
              - {id: r2, title: T, when: b, then: [{derive: a}]}
              - {id: r3, title: T, when: "a and b", then: [{derive: c}]}
            """)
        #expect(!result.diagnostics.hasErrors)
        #expect(try #require(result.ruleSet).strata == [["r1", "r2"], ["r3"]])
    }

    @Test func valueReadInACycleIsRejected() {
        let result = rules("""
              - {id: count-up, title: T, when: "level < 3", then: [{derive: level, value: "level + 1"}]}
            """)
        #expect(result.diagnostics.map { "\($0.code.rawValue) \($0.message)" }
            == ["SR0509 rules depend on each other through a negation or a value: 'count-up'"])
    }

    @Test func negationCycleNamesEveryRule() {
        let result = rules("""
              - {id: r1, title: T, when: "not a", then: [{derive: b}]}
              - {id: r2, title: T, when: b, then: [{derive: c}]}
              - {id: r3, title: T, when: c, then: [{derive: a}]}
            """)
        let rendered = DiagnosticRenderer(files: result.files).render(result.diagnostics)
        #expect(rendered == """
            test.yaml:10:5: error[SR0509]: rules depend on each other through a negation or a value: 'r1', 'r2', 'r3'
               10 |   - {id: r1, title: T, when: "not a", then: [{derive: b}]}
                  |     ^
            test.yaml:11:5: note: 'r2' is part of the cycle
               11 |   - {id: r2, title: T, when: b, then: [{derive: c}]}
                  |     ^
            test.yaml:12:5: note: 'r3' is part of the cycle
               12 |   - {id: r3, title: T, when: c, then: [{derive: a}]}
                  |     ^
                  = hint: a rule may not (indirectly) depend on the absence or the value of a fact it helps derive; split the reasoning into steps


            """)
        #expect(result.ruleSet == nil)
    }
}
