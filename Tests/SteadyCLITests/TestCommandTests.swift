import Foundation
import Testing

/// `steady test` reports each failing expectation exactly, with what happened instead.
struct TestCommandTests {
    @Test func aFilterThatMatchesNoTestIsAnError() throws {
        let output = try Steady.run(["test", "rules/cervical-dystonia", "plans", "--filter", "no such test"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("--filter 'no such test' matches no test's name"))
        #expect(try Steady.run(["test", "rules/cervical-dystonia", "plans", "--filter", "red flag"]).status == 0)
    }

    @Test func reportsFailingExpectationsExactly() throws {
        let output = try Steady.run(["test", "Tests/SteadyCLITests/Fixtures"])
        #expect(output.status == 1)
        #expect(output.stdout == """
            pass  calm means a walk
            FAIL  a wrong expectation  (Tests/SteadyCLITests/Fixtures/failing-test.yaml:18:5)
                  expected 'walk' in the plan, but no rule recommended it; closest: [calm-day] would hold if stress were 3 or less (it is 6)
                  expected alerts [urgent], got []
                  expected derived 'calm' = true, but it is false
                  expected rule 'calm-day' to fire, but it did not: stress <= 3 is false
            FAIL  a bad state  (Tests/SteadyCLITests/Fixtures/failing-test.yaml:25:5)
                  state: 26:39: 'stress' is out of range (0..10)
            1 passed, 2 failed

            """)
    }

    @Test func shippedRuleBaseTestsPassWithFullRuleCoverage() throws {
        let output = try Steady.run(["test", "rules/cervical-dystonia", "plans", "--coverage"])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.contains("coverage: 126 of 126 rules fired in some test"))
        #expect(!lines.contains { $0.hasPrefix("  never fired") })
        #expect(lines.last == "89 passed, 0 failed")
    }
}
