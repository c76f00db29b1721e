import Foundation
import SteadyEngine
@testable import SteadyPlan
import SteadyRules

/// libFuzzer target: any bytes as a patient state, read as a YAML state file and as a batch's
/// JSON line, and planned with the shipped rules; and as a JSON line of a flat rule set, where
/// the batch's fast reader and evaluator must agree with the full reader and the session
/// exactly (any disagreement stops the run).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzState(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let facts = Rules.shipped.reader.read(Data(bytes), path: "state.yaml").facts { _ = try? Rules.shipped.planner.plan(facts) }
    if let facts = Rules.shipped.reader.read(jsonLine: bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1).facts {
        _ = try? Rules.shipped.planner.plan(facts, explains: false)
    }
    let batch = Rules.flat
    let fast = batch.recommended(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: Rules.scratch)
    let full = batch.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1)
    switch (fast, full) {
    case (.recommended(_, let ids), .plan(_, let expected, _)):
        precondition(ids == expected, "fast path \(ids), full path \(expected)")
    case (.failure(_, let got), .failure(_, let expected)):
        precondition(got.map(\.message) == expected.map(\.message), "fast path \(got), full path \(expected)")
    default:
        preconditionFailure("fast path \(fast), full path \(full)")
    }
    return 0
}

enum Rules {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Loaded {
        let planner: Planner
        let reader: StateReader
    }

    static let shipped: Loaded = {
        let planner = Planner(RuleLoader(lints: false).load(paths: [root.appendingPathComponent("rules").path, root.appendingPathComponent("plans").path]))!
        return Loaded(planner: planner, reader: StateReader(schema: planner.ruleSet.schema))
    }()

    /// A rule set the batch's fast path covers, with every kind of input field.
    static let flat: BatchEvaluator = {
        let header = FileManager.default.contents(atPath: root.appendingPathComponent("Tests/Fixtures/flat-header.yaml").path)!
        let rules = String(decoding: header, as: UTF8.self) + """
            rules:
              - {id: r0, title: T, when: "a >= 5 and b < 7.5", then: [{recommend: act0}]}
              - {id: r1, title: T, when: "flag or 'x' in tags", then: [{derive: d0}]}
              - {id: r2, title: T, when: "d0 and mode != 'y'", then: [{recommend: act1}]}
              - {id: r3, title: T, when: "sleep.hours + sleep.quality > 9 or note == 'n1'", then: [{recommend: act2}]}
              - {id: r4, title: T, when: "days_since(date) == 0 or a * 3 % 4 == 1", then: [{recommend: act3}]}
            """
        let catalog = "catalog: c\nversion: 1\nactions:\n" + (0..<4).map { "  - {id: act\($0), title: A, category: mind, minutes: 5, slot: any}\n" }.joined()
        let planner = Planner(RuleLoader(lints: false).load(sources: [("r.yaml", Data(rules.utf8)), ("c.yaml", Data(catalog.utf8))]))!
        let batch = BatchEvaluator(planner: planner)
        precondition(batch.flat != nil, "the flat rule set must take the fast path")
        return batch
    }()

    nonisolated(unsafe) static let scratch = flat.flat!.makeScratch()
}
