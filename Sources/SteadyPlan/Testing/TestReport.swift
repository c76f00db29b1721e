import Foundation
import SteadyRules

/// The outcomes of `steady test` in three forms: text for people, JSON for programs, and JUnit
/// XML, which CI systems (GitLab, Jenkins, GitHub test reporters) read to show failures.
public struct TestReport: Sendable {
    public let outcomes: [RuleSetTestRunner.Outcome]
    /// Which rules and alternatives no test exercised, when asked for.
    public let coverage: TestCoverage?
    /// The rule set's name, which names the JUnit test suites.
    public let ruleSet: String

    public init(ruleSet: String, outcomes: [RuleSetTestRunner.Outcome], coverage: TestCoverage? = nil) {
        self.ruleSet = ruleSet
        self.outcomes = outcomes
        self.coverage = coverage
    }

    public func count(_ status: RuleSetTestRunner.Outcome.Status) -> Int { outcomes.filter { $0.status == status }.count }

    /// `N passed, N failed` (and `, N skipped` when some were).
    public var summary: String {
        "\(count(.passed)) passed, \(count(.failed)) failed" + (count(.skipped) > 0 ? ", \(count(.skipped)) skipped" : "")
    }

    /// One line per test (`pass`, `FAIL` with where and each failure, `skip` with the reason),
    /// the coverage, and the summary.
    public func text() -> String {
        var out = ""
        for outcome in outcomes {
            let span = outcome.test.span
            switch outcome.status {
            case .passed: out += "pass  \(outcome.test.name)\n"
            case .failed:
                out += "FAIL  \(outcome.test.name)  (\(span.file):\(span.start))\n"
                for failure in outcome.failures { out += "      \(failure)\n" }
            case .skipped: out += "skip  \(outcome.test.name)  (\(outcome.skipped ?? ""))\n"
            }
        }
        if let coverage {
            out += "\ncoverage: \(coverage.coveredRules) of \(coverage.ruleCount) rules fired in some test\n"
            for rule in coverage.uncoveredRules { out += "  never fired: \(rule)\n" }
            for (rule, branch) in coverage.uncoveredBranches { out += "  \(rule): '\(branch)' never true when the rule fired\n" }
        }
        return out + summary + "\n"
    }

    /// `{"tests": [{name, file, line, status, failures, skipped}], "passed", "failed", "skipped", "coverage"}`.
    public func json() throws -> String {
        var members: [(String, JSONTree)] = [
            ("tests", .array(outcomes.map { outcome in
                var test: [(String, JSONTree)] = [
                    ("name", .string(outcome.test.name)), ("file", .string(outcome.test.span.file)),
                    ("line", .int(outcome.test.span.start.line)), ("status", .string(outcome.status.rawValue)),
                    ("failures", .array(outcome.failures.map(JSONTree.string))),
                ]
                if let reason = outcome.skipped { test.append(("skipped", .string(reason))) }
                return .object(test)
            })),
            ("passed", .int(count(.passed))), ("failed", .int(count(.failed))), ("skipped", .int(count(.skipped))),
        ]
        if let coverage {
            members.append(("coverage", .object([
                ("rules", .int(coverage.ruleCount)), ("covered", .int(coverage.coveredRules)),
                ("never_fired", .array(coverage.uncoveredRules.map(JSONTree.string))),
                ("untested_alternatives", .array(coverage.uncoveredBranches.map { .object([("rule", .string($0.rule)), ("alternative", .string($0.branch))]) })),
            ])))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(JSONTree.object(members)), as: UTF8.self) + "\n"
    }

    /// JUnit XML: one `<testsuite>` per rule file, one `<testcase>` per test with its
    /// `<failure>` (every unmet expectation) or `<skipped>` (the reason).
    public func junit() -> String {
        func seconds(_ value: Double) -> String { String(format: "%.6f", value) }
        func counts(_ list: [RuleSetTestRunner.Outcome]) -> String {
            let failed = list.filter { $0.status == .failed }.count, skipped = list.filter { $0.status == .skipped }.count
            return "tests=\"\(list.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(list.map(\.seconds).reduce(0, +)))\""
        }
        var files: [String] = []
        var byFile: [String: [RuleSetTestRunner.Outcome]] = [:]
        for outcome in outcomes {
            if byFile[outcome.test.span.file] == nil { files.append(outcome.test.span.file) }
            byFile[outcome.test.span.file, default: []].append(outcome)
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"steady test\" \(counts(outcomes))>\n"
        for file in files {
            let list = byFile[file]!
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            out += "  <testsuite name=\"\(xml(file))\" \(counts(list))>\n"
            for outcome in list {
                out += "    <testcase name=\"\(xml(outcome.test.name))\" classname=\"\(xml("\(ruleSet).\(stem)"))\" "
                    + "file=\"\(xml(file))\" line=\"\(outcome.test.span.start.line)\" time=\"\(seconds(outcome.seconds))\""
                switch outcome.status {
                case .passed: out += "/>\n"
                case .failed:
                    out += ">\n      <failure message=\"\(xml(outcome.failures[0]))\" type=\"expectation\">"
                        + xml(outcome.failures.joined(separator: "\n")) + "</failure>\n    </testcase>\n"
                case .skipped: out += ">\n      <skipped message=\"\(xml(outcome.skipped ?? ""))\"/>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text escaped for an XML attribute or element; characters XML 1.0 cannot hold become U+FFFD.
    private func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
