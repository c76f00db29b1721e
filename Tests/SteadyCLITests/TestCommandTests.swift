import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SteadyTestSupport

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

    @Test func junitReportCarriesEveryFailure() throws {
        let output = try Steady.run(["test", "Tests/SteadyCLITests/Fixtures", "--format", "junit"])
        #expect(output.status == 1)
        let document = try XMLDocument(xmlString: output.stdout)
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(["tests", "failures", "errors", "skipped"].map { root.attribute(forName: $0)?.stringValue } == ["3", "2", "0", "0"])
        let cases = try root.nodes(forXPath: "//testcase") as? [XMLElement] ?? []
        #expect(cases.map { $0.attribute(forName: "name")?.stringValue } == ["calm means a walk", "a wrong expectation", "a bad state"])
        #expect(cases.map { $0.attribute(forName: "line")?.stringValue } == ["13", "18", "25"])
        let failure = try #require(cases[1].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue
            == "expected 'walk' in the plan, but no rule recommended it; closest: [calm-day] would hold if stress were 3 or less (it is 6)")
        #expect(failure.stringValue?.split(separator: "\n").count == 4)
        #expect(cases[0].elements(forName: "failure").isEmpty)
    }

    @Test func jsonReportWithCoverage() throws {
        let output = try Steady.run(["test", "Tests/SteadyCLITests/Fixtures", "--format", "json", "--coverage"])
        #expect(output.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect([json["passed"], json["failed"], json["skipped"]].map { $0 as? Int } == [1, 2, 0])
        let tests = try #require(json["tests"] as? [[String: Any]])
        #expect(tests.map { $0["status"] as? String } == ["passed", "failed", "failed"])
        #expect((tests[1]["failures"] as? [String])?.count == 4)
        #expect(tests[2]["file"] as? String == "Tests/SteadyCLITests/Fixtures/failing-test.yaml")
        let coverage = try #require(json["coverage"] as? [String: Any])
        #expect(coverage["rules"] as? Int != nil && coverage["never_fired"] is [String])
    }

    /// A clinic layer that disables a base rule: the base test that expects the rule to fire is
    /// skipped with the reason, instead of failing.
    @Test func testsOfADisabledRuleAreSkippedWithTheReason() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-skip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("clinic"), withIntermediateDirectories: true)
        for name in ["rules", "plans"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name), withDestinationURL: Steady.root.appendingPathComponent(name))
        }
        try """
            ruleset: riverside
            version: 1
            imports: [../rules/cervical-dystonia]
            disable: [physio-referral]
            tests:
              - name: riverside refers nobody
                state: {date: 2026-11-24, pain: 5, pt: {has_home_program: false}}
                expect: {actions: [ask_physio_referral]}

            """
            .write(to: folder.appendingPathComponent("clinic/rules.yaml"), atomically: true, encoding: .utf8)
        let output = try Steady.run(["test", "clinic", "plans"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("skip") } == [
            "skip  no programme and a troubled neck means asking for physiotherapy  (rule 'physio-referral' is disabled by rule set 'riverside'; the test expects it to fire)",
            "skip  riverside refers nobody  (rule 'physio-referral' is disabled by rule set 'riverside'; the test expects 'ask_physio_referral', which only it recommends)",
        ])
        #expect(lines.last == "88 passed, 0 failed, 2 skipped")
        let junit = try Steady.run(["test", "clinic", "plans", "--format", "junit"], in: folder)
        #expect(junit.stdout.contains("<skipped message=\"rule &apos;physio-referral&apos; is disabled by rule set &apos;riverside&apos;;"))
    }
}
