import Foundation
import Testing

/// `steady eval`: the type, the value and every sub-expression's value, on the state after the
/// rules ran; errors with their code and a caret.
struct EvalCommandTests {
    @Test func showsEverySubExpressionWithDerivedFactsAtTheFixpoint() throws {
        let output = try Steady.run(["eval", "high_stress_day and days_since_injection > 30", "--state", "examples/workday-high-stress.yaml"])
        #expect(output.status == 0)
        #expect(output.stdout == """
            high_stress_day and days_since_injection > 30
              type   bool
              value  true

              true  high_stress_day and days_since_injection > 30
              true    high_stress_day
              true    days_since_injection > 30
              54        days_since_injection
              30        30

            """)
    }

    @Test func anUntakenBranchIsNotEvaluated() throws {
        let output = try Steady.run(["eval", "if pain > 0 then stress / pain else 0", "--state", "examples/workday-high-stress.yaml"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("  value  1.6\n"))
        #expect(output.stdout.hasSuffix("  (not evaluated)    0\n"))
    }

    @Test func jsonGivesTypedValuesAndTheReasonOfAnUnknown() throws {
        let output = try Steady.run(["eval", "gad2 + pain", "--state", "examples/calm-day-off.yaml", "--format", "json"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(json["type"] as? String == "integer")
        #expect(json["value"] is NSNull)
        #expect(json["unknown"] as? String == "gad2")
        let parts = try #require(json["parts"] as? [[String: Any]])
        #expect(parts.map { $0["text"] as? String } == ["gad2 + pain", "gad2", "pain"])
        #expect(parts.map { $0["depth"] as? Int } == [0, 1, 1])
        #expect(parts[2]["value"] as? Int == 2)
    }

    @Test func historyFunctionsReadTheHistory() throws {
        let output = try Steady.run(["eval", "count(stress >= 7, 7d)", "--state", "examples/workday-high-stress.yaml",
                                     "--history", "examples/history/stressful-week.yaml", "--format", "json"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let count = try #require(json["value"] as? Int)
        #expect(count > 1, "today and earlier stressful days")
    }

    @Test func aTypeErrorIsReportedWithItsCodeAndACaret() throws {
        let output = try Steady.run(["eval", "avg(stress, 3d) > sleep.hourz", "--state", "examples/workday-high-stress.yaml"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr == """
            expression:1:19: error[SR0406]: 'sleep' has no field 'hourz'
                1 | avg(stress, 3d) > sleep.hourz
                  |                   ^~~~~~~~~~~
                  = hint: did you mean 'hours'?


            """)
    }

    @Test func aSyntaxErrorAndAMissingStateAreErrors() throws {
        let syntax = try Steady.run(["eval", "stress >=", "--state", "examples/workday-high-stress.yaml"])
        #expect(syntax.status == 1)
        #expect(syntax.stderr.hasPrefix("expression:1:10: error[SR0303]: expression ends where a value was expected"))
        let noState = try Steady.run(["eval", "stress >= 7"])
        #expect(noState.status == 2)
        #expect(noState.stderr.contains("give today's state with --state FILE"))
    }
}
