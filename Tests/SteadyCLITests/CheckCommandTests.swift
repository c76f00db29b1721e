import Foundation
import Testing

/// Runs the built `steady` binary and compares whole outputs and exit codes.
struct CheckCommandTests {
    func run(_ arguments: [String]) throws -> Steady.Output { try Steady.run(arguments) }

    @Test func cleanRuleSetExitsZero() throws {
        let output = try run(["check", "rules/cervical-dystonia", "plans"])
        #expect(output.status == 0)
        #expect(output.stdout == """
            checked 14 files: rule set 'cervical-dystonia' 0.3.0: 126 rules, 58 facts; catalog 'cervical-dystonia-actions' 0.4.0: 53 actions; policy 'cervical-dystonia-plan' 0.3.0
            no problems found

            """)
    }

    @Test func errorsExitOneWithEveryDiagnostic() throws {
        let output = try run(["check", "Tests/SteadyRulesTests/Corpus/broken/shape-unknown-rule-key.yaml"])
        #expect(output.status == 1)
        #expect(output.stdout == """
            Tests/SteadyRulesTests/Corpus/broken/shape-unknown-rule-key.yaml:8:5: error[SR0202]: unknown key 'wen' in rule 'a'
                8 |     wen: stress >= 7
                  |     ^~~
                  = hint: did you mean 'when'?

            Tests/SteadyRulesTests/Corpus/broken/shape-unknown-rule-key.yaml:10:21: error[SR0401]: unknown derived fact 'x'
               10 |     then: [{derive: x}]
                  |                     ^
                  = hint: declare it under 'facts:' with 'derived: true'

            checked 1 file
            2 errors, 0 warnings

            """)
    }

    @Test func warningsAloneExitZero() throws {
        let output = try run(["check", "rules/cervical-dystonia"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("warning[SR0507]: no action catalog was loaded, so action ids were not checked"))
        #expect(output.stdout.contains("warning[SR0706]: fact 'minutes_available' is declared but nothing uses it"))
        #expect(output.stdout.hasSuffix("0 errors, 2 warnings\n"))
    }

    @Test func strictMakesWarningsFail() throws {
        let output = try run(["check", "--strict", "rules/cervical-dystonia"])
        #expect(output.status == 1)
        #expect(output.stdout.hasSuffix("0 errors, 2 warnings\n"))
        #expect(try run(["check", "--strict", "rules/cervical-dystonia", "plans"]).status == 0, "the shipped base is strict-clean")
    }

    @Test func missingPathIsAUsageError() throws {
        let output = try run(["check", "no/such/place.yaml"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("no such file or folder: 'no/such/place.yaml'"))
        let none = try run(["check"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("Missing expected argument '<path> ...'"))
        let badFlag = try run(["check", "rules", "--format", "xml"])
        #expect(badFlag.status == 2)
    }

    @Test func jsonOutputCarriesEveryField() throws {
        let output = try run(["check", "Tests/SteadyRulesTests/Corpus/broken/expr-unknown-fact.yaml", "--format", "json"])
        #expect(output.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(report["errors"] as? Int == 1)
        #expect(report["warnings"] as? Int == 0)
        let diagnostic = try #require((report["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["code"] as? String == "SR0401")
        #expect(diagnostic["name"] as? String == "unknown-name")
        #expect(diagnostic["severity"] as? String == "error")
        #expect(diagnostic["message"] as? String == "unknown fact 'stres'")
        #expect(diagnostic["file"] as? String == "Tests/SteadyRulesTests/Corpus/broken/expr-unknown-fact.yaml")
        #expect(diagnostic["line"] as? Int == 8)
        #expect(diagnostic["column"] as? Int == 12)
        #expect(diagnostic["length"] as? Int == 5)
        #expect(diagnostic["hint"] as? String == "did you mean 'stress'?")
    }

    @Test func helpTeaches() throws {
        let output = try run(["check", "--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("steady check rules/cervical-dystonia plans"))
        #expect(output.stdout.contains("Exits 0 when there are no errors"))
    }
}
