import Foundation
import SteadyRules
import SteadyTestSupport
@testable import SteadyPlan
import Testing

/// A batch whose workers past the first plan with copies of the planner gives the results one
/// worker on the one planner gives; each worker's copy is made once for the whole batch, not
/// for a batch of one block, and a copy of other rules is never taken.
struct WorkerCopiesTests {
    static func planner(_ threshold: Int) throws -> Planner {
        let loaded = RuleLoader().load(sources: [
            ("r.yaml", Data("""
                ruleset: s
                version: 1
                facts:
                  a: {type: integer}
                rules:
                  - {id: r, title: T, when: "a > \(threshold)", then: [{recommend: act0}]}
                  - {id: q, title: Q, when: "a == 2", then: [{recommend: act1}]}

                """.utf8)),
            ("c.yaml", Data(FastPathPropertyTests.catalog.utf8)),
        ])
        return try #require(Planner(loaded))
    }

    /// Counts the copies made.
    final class Copies: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var made = 0
        func count() { lock.withLock { made += 1 } }
    }

    /// Streams `path` with `evaluator`; each result with the snapshot hash of the planner the
    /// worker's context was made from.
    static func stream(_ evaluator: BatchEvaluator, _ path: String, jobs: Int) throws -> [(BatchEvaluator.Result, String)] {
        var results: [(BatchEvaluator.Result, String)] = []
        try evaluator.stream(path: path, output: .plans, jobs: jobs, context: { $0.snapshotHash }, start: { _ in [] },
                             add: { $0.append(($1, $2)) }) {
            results += $0
            return true
        }
        return results
    }

    @Test func copiesGiveTheSamePlansAndAreMadeOncePerWorker() throws {
        // Three blocks' worth of lines: the second worker plans its share of all three with one
        // copy, made once.
        let lines = (0..<(2 * BatchEvaluator.blockSize + 100)).map { "{\"a\": \($0 % 5)}" }
        let path = ScratchFolder.root.path + "/steady-copies-\(UUID().uuidString).jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // One block's worth: a copy would cost more than it saves.
        let short = ScratchFolder.root.path + "/steady-copies-\(UUID().uuidString).jsonl"
        try Data((lines.prefix(BatchEvaluator.blockSize).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: short))
        defer { try? FileManager.default.removeItem(atPath: short) }

        let planner = try Self.planner(1)
        let alone = try Self.stream(BatchEvaluator(planner: planner), path, jobs: 1)
        let copies = Copies()
        let evaluator = BatchEvaluator(planner: planner, copy: {
            copies.count()
            return try? Self.planner(1)
        })
        #expect(try Self.stream(evaluator, short, jobs: 2).count == BatchEvaluator.blockSize)
        #expect(copies.made == 0)
        let copied = try Self.stream(evaluator, path, jobs: 2)
        #expect(copies.made == 1)
        #expect(copied.count == lines.count)
        #expect(copied.map { PlanJSON.line($0.0) } == alone.map { PlanJSON.line($0.0) })
        #expect(Set(copied.map(\.1)) == [planner.snapshotHash])
        // The plans are the rules' (not merely equal to each other): a > 1 and a == 2.
        #expect(alone.prefix(5).map { result -> [String] in
            guard case .plan(_, let recommended, _) = result.0 else { return ["not a plan"] }
            return Array(recommended)
        } == [[], [], ["act0", "act1"], ["act0"], ["act0"]])
    }

    /// A worker makes its scratch and context (a line writer, in the CLI) once for the whole
    /// batch, the second worker from its own copy of the planner: not once per block.
    @Test func aWorkerMakesItsContextOncePerBatchNotPerBlock() throws {
        let lines = (0..<(2 * BatchEvaluator.blockSize + 100)).map { "{\"a\": \($0 % 5)}" }
        let path = ScratchFolder.root.path + "/steady-contexts-\(UUID().uuidString).jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let evaluator = BatchEvaluator(planner: try Self.planner(1), copy: { try? Self.planner(1) })
        for (jobs, expected) in [(1, 1), (2, 2), (3, 3)] {
            let contexts = Copies()
            var planned = 0
            try evaluator.stream(path: path, output: .plans, jobs: jobs, context: { _ in contexts.count() }, start: { _ in [] },
                                 add: { chunk, result, _ in chunk.append(result) }) {
                planned += $0.filter { if case .plan = $0 { true } else { false } }.count
                return true
            }
            #expect(planned == lines.count)
            #expect(contexts.made == expected, "jobs \(jobs)")
        }
    }

    @Test func aCopyOfOtherRulesOrNoCopyIsNotTaken() throws {
        let planner = try Self.planner(1)
        // Other rules (as when the files changed between loads), another work limit, or no copy.
        var limited = try Self.planner(1)
        limited.workLimit = 7
        for copy in [try Self.planner(3), limited, nil] {
            let evaluator = BatchEvaluator(planner: planner, copy: { copy })
            let worker = evaluator.forWorker(1)
            #expect(worker.planner.snapshotHash == planner.snapshotHash)
            #expect(worker.planner.workLimit == planner.workLimit)
            let line = Array("{\"a\": 2}".utf8)
            let result = worker.recommended(line, in: 0..<line.count, path: "b.jsonl", line: 1, scratch: worker.flat?.makeScratch())
            guard case .recommended(_, let ids) = result else { Issue.record("\(result)"); continue }
            #expect(ids == ["act0", "act1"])
        }
        // A copy of the same rules is taken: its own planner, not this one.
        let same = try Self.planner(1)
        let worker = BatchEvaluator(planner: planner, copy: { same }).forWorker(1)
        #expect(worker.planner.flat === same.flat)
        #expect(worker.planner.flat !== planner.flat)
    }
}
