import Foundation
import PropertyBased
import SteadyTestSupport
@testable import SteadyEngine
@testable import SteadyPlan
import Testing
@testable import SteadyRules

/// The batch's fast path for recommended ids (``SlotReader`` + ``FlatEvaluator``) against the
/// full path (``StateReader`` + ``Session``), on random flat rule sets and random JSON lines,
/// valid and not: the same ids, or the same diagnostics.
struct FastPathPropertyTests {
    /// The flat rule set's facts, shared with the FuzzState target.
    static let header = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/flat-header.yaml"), encoding: .utf8)

    static let catalog = """
        catalog: c
        version: 1
        actions:
        \((0..<5).map { "  - {id: act\($0), title: A, category: mind, minutes: 5, slot: any}" }.joined(separator: "\n"))

        """

    static func ruleFile(seed: Int) -> String {
        var rng = Xorshift(seed: UInt64(seed) &+ 11)
        func pick<T>(_ items: [T]) -> T { items[rng.next(items.count)] }
        func atom() -> String {
            switch rng.next(32) {
            case 0: "a >= \(rng.next(11))"
            case 1: "b < \(rng.next(24)).5"
            case 2: "a + sleep.quality > \(rng.next(15))"
            case 3: "flag"
            case 4: "not flag"
            case 5: "known(sleep.hours)"
            case 6: "'\(pick(["x", "y", "z"]))' in tags"
            case 7: "mode == '\(pick(["x", "y", "z"]))'"
            case 8: "d\(rng.next(3))"
            case 9: "not d\(rng.next(3))"
            case 10: "level >= \(rng.next(12))"
            // Every other operator the language has.
            case 11: "a - sleep.quality <= \(rng.next(11) - 5)"
            case 12: "a * 2 > b"
            case 13: "b / a >= \(rng.next(3))"
            case 14: "a % \(1 + rng.next(3)) == \(rng.next(2))"
            case 15: "-a < \(rng.next(5) - 3)"
            case 16: "a != \(rng.next(11))"
            case 17: "a \(pick(["in", "not in"])) \(rng.next(5))..\(5 + rng.next(5))"
            case 18: "mode \(pick(["in", "not in"])) ['\(pick(["x", "y"]))', 'z']"
            case 19: "'\(pick(["x", "y", "z"]))' not in tags"
            case 20: "note \(pick(["==", "!="])) 'n\(rng.next(9))'"
            case 21: "a in [\(rng.next(11)), \(rng.next(11))]"
            case 22: "(flag or a > \(rng.next(11))) and not (b > \(rng.next(24)))"
            // Shapes the flat tests decide in place: ranges, known, and `and` inside `or`.
            case 23: "b \(pick(["in", "not in"])) \(rng.next(8)).5..\(8 + rng.next(8))"
            case 24: "not known(\(pick(["sleep.hours", "a", "mode"])))"
            case 25: "flag or (a > \(rng.next(11)) and mode == '\(pick(["x", "y"]))') or not known(b)"
            case 26: "sleep.quality \(pick(["in", "not in"])) \(rng.next(5))..\(5 + rng.next(5)) or 'z' in tags"
            case 27: rng.next(3) == 0 ? "mode \(pick(["==", "!="])) note"
                : "\(pick(["a", "sleep.quality"])) \(pick(["==", "!=", "<", "<=", ">", ">="])) \(pick(["b", "sleep.hours", "a"]))"
            // History functions (a batch line has no earlier day): decided in place over a test or
            // a number fact, or by their closure (trend, an argument that is not a fact).
            case 28: "count(\(pick(["a >= 5", "flag", "not known(b)", "'x' in tags", "d0"])), \(1 + rng.next(7))d) \(pick(["==", "!=", ">=", "<"])) \(rng.next(3))"
            case 29: "streak(\(pick(["a >= 5", "flag", "mode == 'x'"]))) \(pick([">=", "<", "=="])) \(rng.next(3))"
            case 30: "\(pick(["avg", "min", "max", "trend"]))(\(pick(["a", "b", "sleep.quality", "level", "a + 1"])), \(1 + rng.next(7))d) \(pick(["<", ">=", "==", "!="])) \(rng.next(11))"
            default: "days_since(date) == 0"
            }
        }
        var rules: [String] = []
        for index in 0..<(3 + rng.next(12)) {
            let test = rng.next(2) == 0 ? atom() : "(\(atom())) \(pick(["and", "or"])) (\(atom()))"
            func effect() -> String {
                switch rng.next(4) {
                case 0: "{derive: d\(rng.next(3))}"
                case 1: "{derive: level, value: \"a + \(rng.next(3))\"}"
                default: "{recommend: act\(rng.next(5))}"
                }
            }
            // Some rules have two effects: each counts towards its own target.
            let effects = rng.next(4) == 0 ? "\(effect()), \(effect())" : effect()
            rules.append("  - {id: r\(index), title: T, salience: \(rng.next(3)), when: \"\(test)\", then: [\(effects)]}\n")
        }
        return header + "rules:\n" + rules.joined()
    }

    /// A JSON line: mostly valid, sometimes with a mistake the full reader must name.
    static func line(_ rng: inout Xorshift) -> String {
        var members: [String] = []
        func maybe(_ text: @autoclosure () -> String) { if rng.next(4) > 0 { members.append(text()) } }
        maybe("\"date\":\"2026-11-\(10 + rng.next(19))\"")
        maybe("\"a\":\(rng.next(11))")
        maybe("\"b\":\(rng.next(24)).\(rng.next(10))")
        maybe("\"flag\":\(rng.next(2) == 0)")
        maybe("\"mode\":\"\(["x", "y", "z"][rng.next(3)])\"")
        maybe("\"tags\":[\((["x", "y", "z"].filter { _ in rng.next(2) == 0 }).map { "\"\($0)\"" }.joined(separator: ","))]")
        maybe("\"note\":\"n\(rng.next(9))\"")
        maybe("\"sleep\":{\"hours\":\(rng.next(12)),\"quality\":\(rng.next(11))}")
        switch rng.next(14) {
        case 0: members.append("\"a\":11")
        case 1: members.append("\"mode\":\"w\"")
        case 2: members.append("\"d0\":true")
        case 3: members.append("\"nope\":1")
        case 4: members.append("\"sleep\":{\"hours\":null,\"depth\":2}")
        case 5: members.append("\"a\":7.0")
        case 6: members.append("\"note\":\"tab\\tbed\"")
        case 7: members.append("\"flag\":null")
        case 8: members.append("\"a\":3,\"a\":4")
        default: break
        }
        let order = members.indices.map { ($0, rng.next(100)) }.sorted { $0.1 < $1.1 }.map { members[$0.0] }
        return "{" + order.joined(separator: rng.next(2) == 0 ? "," : " , ") + "}"
    }

    @Test func theFastPathGivesTheFullPathsIdsAndDiagnostics() async throws {
        let flat = Counter()
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let loaded = RuleLoader().load(sources: [("r.yaml", Data(Self.ruleFile(seed: seed).utf8)), ("c.yaml", Data(Self.catalog.utf8))])
            guard let ruleSet = loaded.ruleSet, let catalog = loaded.catalog else { return }
            let evaluator = BatchEvaluator(planner: Planner(ruleSet: ruleSet, catalog: catalog, policy: .standard))
            // A rule that reads what it derives (d0 → d0) makes a recursive stratum: full path.
            guard evaluator.flat != nil else { return }
            flat.increment()
            var rng = Xorshift(seed: UInt64(seed) &+ 5)
            let scratch = evaluator.flat?.makeScratch()
            for number in 1...20 {
                let bytes = Array(Self.line(&rng).utf8)
                let fast = evaluator.recommended(bytes, in: 0..<bytes.count, path: "b.jsonl", line: number, scratch: scratch)
                let full = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: number, scratch: nil)
                switch (fast, full) {
                case (.recommended(_, let ids), .plan(_, let expected, _)):
                    #expect(ids == expected, "seed \(seed): \(String(decoding: bytes, as: UTF8.self))")
                case (.failure(_, let got), .failure(_, let expected)):
                    #expect(got.map(\.message) == expected.map(\.message))
                default:
                    Issue.record("seed \(seed): \(fast) but \(full) for \(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
        #expect(flat.value >= 150, "too few flat rule sets: \(flat.value)")
    }

    /// Found by fuzzing (FuzzState): a number of more than 18 digits overflowed the fast
    /// reader's accumulator and trapped; it now goes to the full reader like any long number.
    @Test func aVeryLongNumberIsReadLikeAnyOther() throws {
        // The first generated rule set that is one the fast path covers.
        let evaluator = try #require((1...50).lazy.compactMap { seed in
            Planner(RuleLoader().load(sources: [("r.yaml", Data(Self.ruleFile(seed: seed).utf8)), ("c.yaml", Data(Self.catalog.utf8))]))
                .map { BatchEvaluator(planner: $0) }
        }.first { $0.flat != nil })
        let scratch = try #require(evaluator.flat).makeScratch()
        let digits = String(repeating: "6", count: 40)
        for line in [#"{"date":"2026-11-24","a":5\#(digits)}"#, #"{"date":"2026-11-24","b":1\#(digits).5}"#, #"{"b":0.\#(digits)}"#] {
            let bytes = Array(line.utf8)
            let fast = evaluator.recommended(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: scratch)
            let full = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: nil)
            switch (fast, full) {
            case (.recommended(_, let ids), .plan(_, let expected, _)): #expect(ids == expected, "\(line)")
            case (.failure(_, let got), .failure(_, let expected)): #expect(got.map(\.message) == expected.map(\.message), "\(line)")
            default: Issue.record("\(line): \(fast) / \(full)")
            }
        }
    }

    /// Text compares as Swift strings do, by canonical equivalence, on both paths: a decomposed
    /// spelling of an enum or set value matches its precomposed declaration.
    @Test func canonicallyEqualSpellingsMatchOnBothPaths() throws {
        let loaded = RuleLoader().load(sources: [("r.yaml", Data("""
            ruleset: s
            version: 1
            facts:
              mode: {type: enum, values: ["\u{C5}", b]}
              tags: {type: set, values: ["\u{C5}", b]}
            rules:
              - {id: r1, title: T, when: "mode == '\u{C5}'", then: [{recommend: act0}]}
              - {id: r2, title: T, when: "'\u{C5}' in tags", then: [{recommend: act1}]}
            """.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        let evaluator = BatchEvaluator(planner: Planner(ruleSet: try #require(loaded.ruleSet), catalog: try #require(loaded.catalog), policy: .standard))
        let scratch = try #require(evaluator.flat).makeScratch()
        let bytes = Array("{\"mode\":\"A\u{30A}\",\"tags\":[\"A\u{30A}\"]}".utf8)
        guard case .recommended(_, let ids) = evaluator.recommended(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: scratch),
              case .plan(_, let expected, _) = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: nil) else {
            Issue.record("the line did not read")
            return
        }
        #expect(ids == ["act0", "act1"])
        #expect(ids == expected)
    }

    @Test func ruleSetsWithJoinsOrRecursionTakeTheFullPath() throws {
        let patterns = RuleLoader().load(sources: [("r.yaml", Data("""
            ruleset: p
            version: 1
            facts:
              item:
                type: template
                fields: {size: {type: integer}}
            rules:
              - {id: r, title: T, when: ["i: item where i.size > 1", "j: item where j.size == i.size"], then: [{recommend: act0}]}
            """.utf8)), ("c.yaml", Data(Self.catalog.utf8))])
        #expect(FlatEvaluator(CompiledRuleSet(try #require(patterns.ruleSet))) == nil)
        let recursive = RuleLoader().load(sources: [("r.yaml", Data("""
            ruleset: q
            version: 1
            facts:
              a: {type: bool}
              d: {type: bool, derived: true}
              e: {type: bool, derived: true}
            rules:
              - {id: r1, title: T, when: "a or e", then: [{derive: d}]}
              - {id: r2, title: T, when: "d", then: [{derive: e}]}
            """.utf8))])
        #expect(FlatEvaluator(CompiledRuleSet(try #require(recursive.ruleSet))) == nil)
    }
}
