import Foundation
import SteadyRules
import SteadyTestSupport
@testable import SteadyPlan
import Testing

/// A streamed batch hands its chunks to `emit` in input order, whatever the number of workers
/// and however the workers' chunks finish; it stops where `emit` says, with nothing after that
/// chunk emitted, and returns rather than waiting for workers.
struct StreamTests {
    /// A file of `count` lines `{"a": n % 5}`, and its path.
    static func file(_ count: Int) throws -> String {
        let path = ScratchFolder.root.path + "/steady-stream-\(UUID().uuidString).jsonl"
        let lines = (0..<count).map { "{\"a\": \($0 % 5)}" }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Each emitted chunk's line numbers, in the order they came.
    static func stream(_ path: String, jobs: Int, output: BatchEvaluator.Output, stopAfter: Int = .max) throws -> [[Int]] {
        let evaluator = BatchEvaluator(planner: try WorkerCopiesTests.planner(1), copy: { try? WorkerCopiesTests.planner(1) })
        var chunks: [[Int]] = []
        try evaluator.stream(path: path, output: output, jobs: jobs, context: { _ in }, start: { _ in [] },
                             add: { chunk, result, _ in chunk.append(result.line) }) { chunk in
            chunks.append(chunk)
            return chunks.count < stopAfter
        }
        return chunks
    }

    @Test(arguments: [1, 2, 3])
    func chunksComeInInputOrderAcrossBlocks(jobs: Int) throws {
        for output in BatchEvaluator.Output.allCases {
            // Three blocks and a part: the workers run ahead into later blocks while earlier chunks are emitted.
            let count = 3 * BatchEvaluator.blockSize + 77
            let path = try Self.file(count)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let chunks = try Self.stream(path, jobs: jobs, output: output)
            #expect(chunks.flatMap { $0 } == Array(1...count), "jobs \(jobs), \(output)")
            #expect(chunks.allSatisfy { !$0.isEmpty }, "jobs \(jobs), \(output)")
            // A few hundred lines a chunk: several per worker in each block.
            #expect(chunks.count >= 4 * 8 * jobs, "jobs \(jobs), \(output): \(chunks.count) chunks")
        }
    }

    @Test(arguments: [1, 2, 3])
    func aStoppedBatchEmitsNothingAfterTheChunkItStoppedAt(jobs: Int) throws {
        let count = 3 * BatchEvaluator.blockSize + 77
        let path = try Self.file(count)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let all = try Self.stream(path, jobs: jobs, output: .plans)
        // In the first block, in a later one, and at the very last chunk.
        for stop in [1, 8 * jobs + 3, all.count] {
            let chunks = try Self.stream(path, jobs: jobs, output: .plans, stopAfter: stop)
            #expect(chunks == Array(all.prefix(stop)), "jobs \(jobs), stop after \(stop)")
        }
    }

    @Test func anEmptyFileEmitsNothing() throws {
        let path = try Self.file(0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for jobs in [1, 2] {
            #expect(try Self.stream(path, jobs: jobs, output: .plans).isEmpty)
        }
    }
}
