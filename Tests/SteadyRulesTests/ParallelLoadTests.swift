import Foundation
import Testing
@testable import SteadyRules

/// A large rule file is decoded and checked on several cores; the result must be the one a
/// single core gives — the same rules, and the same diagnostics in the same order.
struct ParallelLoadTests {
    /// 600 rules (past the point where loading goes parallel), three of them broken.
    static let file: String = {
        var text = """
            ruleset: big
            version: 1
            facts:
              stress: {type: integer, min: 0, max: 10}
              pain: {type: integer, min: 0, max: 10}
              calm: {type: bool, derived: true}
            rules:

            """
        for index in 0..<600 {
            let when: String = switch index {
            case 123: "stres >= 3"
            case 345: "pain + 'x' > 2"
            default: index.isMultiple(of: 7) ? "calm and pain <= \(index % 11)" : "stress >= \(index % 11)"
            }
            let then = index.isMultiple(of: 50) ? "{derive: calm}" : "{recommend: act\(index % 4)}"
            let extra = index == 512 ? ", colour: red" : ""
            text += "  - {id: r\(index), title: R, when: \"\(when)\", then: [\(then)]\(extra)}\n"
        }
        return text
    }()

    static let catalog = """
        catalog: c
        version: 1
        actions:
        \((0..<4).map { "  - {id: act\($0), title: A, category: mind, minutes: 5, slot: any}" }.joined(separator: "\n"))

        """

    static func load(jobs: Int) -> RuleLoader.Result {
        RuleLoader(jobs: jobs).load(sources: [("big.yaml", Data(file.utf8)), ("c.yaml", Data(catalog.utf8))])
    }

    @Test func brokenRulesGiveTheSameDiagnosticsOnOneCoreOrTwo() {
        let one = Self.load(jobs: 1), two = Self.load(jobs: 2)
        #expect(positions(one) == ["SR0401 131:33", "SR0402 353:33", "SR0202 520:74"])
        #expect(positions(two) == positions(one))
        #expect(two.diagnostics.map(\.message) == one.diagnostics.map(\.message))
    }

    @Test func aCleanRuleSetIsTheSameOnOneCoreOrTwo() throws {
        let clean = Self.file.replacingOccurrences(of: "stres >=", with: "stress >=")
            .replacingOccurrences(of: "pain + 'x' > 2", with: "pain > 2").replacingOccurrences(of: ", colour: red", with: "")
        func load(_ jobs: Int) -> RuleLoader.Result {
            RuleLoader(jobs: jobs).load(sources: [("big.yaml", Data(clean.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        }
        let one = try #require(load(1).ruleSet), two = try #require(load(2).ruleSet)
        #expect(one.rules.count == 600)
        #expect(two == one)
    }
}
