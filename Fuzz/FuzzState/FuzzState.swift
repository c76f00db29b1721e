import Foundation
import SteadyEngine
@testable import SteadyPlan
import SteadyRules

/// libFuzzer target: any bytes as a patient state, read as a YAML state file and planned with
/// the shipped rules and every explanation, where the flat run's explained run must equal a
/// session's in every part; and as a batch's JSON line, where the batch's fast
/// path must agree with the full reader and a session exactly (any disagreement stops the run):
/// the recommended ids on a flat rule set, and the whole plan record (or the same diagnostics)
/// on that rule set and on the shipped base, which takes the flat run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzState(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let facts = Rules.shipped.reader.read(Data(bytes), path: "state.yaml").facts {
        let planner = Rules.shipped.planner
        let explained = try? planner.plan(facts)
        let session = try? { () throws -> Run in
            let session = try Session(planner.network, facts: facts)
            session.workLimit = planner.workLimit
            return try session.run()
        }()
        precondition(explained?.run == session, "flat run \(String(describing: explained?.run)), session \(String(describing: session))")
    }
    let batch = Rules.flat
    let fast = batch.recommended(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: Rules.scratch)
    let full = batch.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: nil)
    switch (fast, full) {
    case (.recommended(_, let ids), .plan(_, let expected, _)):
        precondition(ids == expected, "fast path \(ids), full path \(expected)")
    case (.failure(_, let got), .failure(_, let expected)):
        precondition(got.map(\.message) == expected.map(\.message), "fast path \(got), full path \(expected)")
    default:
        preconditionFailure("fast path \(fast), full path \(full)")
    }
    for (evaluator, scratch) in [(Rules.flat, Rules.scratch), (Rules.shippedBatch, Rules.shippedScratch)] {
        let flat = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: scratch)
        let session = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: nil)
        switch (flat, session) {
        case (.plan(_, let ids, let plan), .plan(_, let expectedIDs, let expected)):
            precondition(ids == expectedIDs && PlanRecord(plan, snapshot: "") == PlanRecord(expected, snapshot: ""),
                         "flat run \(plan), session \(expected)")
        case (.failure(_, let got), .failure(_, let expected)):
            precondition(got.map(\.message) == expected.map(\.message), "flat run \(got), session \(expected)")
        default:
            preconditionFailure("flat run \(flat), session \(session)")
        }
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

    /// The shipped base's batch, which takes the flat run.
    static let shippedBatch: BatchEvaluator = {
        let batch = BatchEvaluator(planner: shipped.planner)
        precondition(batch.flat != nil, "the shipped rule base must take the flat run")
        return batch
    }()

    nonisolated(unsafe) static let shippedScratch = shippedBatch.flat!.makeScratch()
}
