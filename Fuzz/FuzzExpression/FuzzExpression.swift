import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules

/// libFuzzer target: any bytes as one rule's condition, over a schema with every kind of fact
/// (integer, number, bool, enum, set, text, record, date, derived facts). The parser must give
/// an expression or a syntax error; the loader (type checker, constant folding, stratifier) a
/// rule set or diagnostics; a rule set that loads is planned with explanations (the compiled
/// engine and the interpreter that records values) for a state with three days of history, so
/// history functions run too. Never a crash, a trap or a hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Parser.parse(text)
    // A JSON string is a YAML double-quoted scalar: the condition reaches the loader verbatim.
    guard let quoted = try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]) else { return 0 }
    let condition = String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
    let rules = Expressions.header + """
        rules:
          - {id: fuzz, title: T, when: \(condition), then: [{recommend: act0}]}
          - {id: fuzz-derived, title: T, when: \(condition), then: [{derive: d0}]}
          - {id: uses, title: T, when: "d0 and a > 2", then: [{recommend: act1}]}
        """
    let loaded = RuleLoader(lints: true, jobs: 1).load(sources: [("r.yaml", Data(rules.utf8)), ("c.yaml", Expressions.catalog)])
    guard let planner = Planner(loaded) else {
        precondition(loaded.diagnostics.hasErrors, "no rule set and no error")
        return 0
    }
    _ = try? planner.plan(Expressions.state(planner.ruleSet.schema))
    return 0
}

enum Expressions {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let header = String(decoding: FileManager.default.contents(atPath: root.appendingPathComponent("Tests/Fixtures/flat-header.yaml").path)!,
                               as: UTF8.self)
    static let catalog = Data(("catalog: c\nversion: 1\nactions:\n"
        + (0..<2).map { "  - {id: act\($0), title: A, category: mind, minutes: 5, slot: any}\n" }.joined()).utf8)

    /// Today with every input known, and three earlier days (one with gaps).
    static func state(_ schema: Schema) -> FactBase {
        let reader = StateReader(schema: schema)
        func read(_ line: String) -> FactBase { reader.read(jsonLine: Data(line.utf8), path: "s.jsonl", line: 1).facts! }
        var today = read(#"{"date":"2026-11-24","a":7,"b":3.5,"flag":true,"mode":"y","tags":["x","z"],"note":"n1","sleep":{"hours":6,"quality":4}}"#)
        for (day, line) in [(23, #"{"date":"2026-11-23","a":9,"b":8,"flag":false,"mode":"x","tags":[]}"#),
                            (22, #"{"date":"2026-11-22","a":0}"#),
                            (21, #"{"date":"2026-11-21","a":10,"b":24,"sleep":{"hours":9,"quality":10}}"#)] {
            let earlier = read(line)
            today.history[Day(iso: "2026-11-\(day)")!] = earlier.values
        }
        today.suggested[Day(iso: "2026-11-23")!] = ["act0"]
        today.done[Day(iso: "2026-11-22")!] = ["act1"]
        return today
    }
}
