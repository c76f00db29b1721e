import Foundation
import SteadyRules
import SteadyTestSupport
@testable import SteadyPlan
import Testing

/// Reading a JSONL file a block at a time gives the lines reading it whole gives, whatever the
/// block size and however lines straddle reads; an overlong line is reported, not kept.
struct LineBlocksTests {
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = ScratchFolder.root.path + "/steady-lines-\(UUID().uuidString).jsonl"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every line of every block, as (number, text), and the overlong numbers.
    static func read(_ path: String, linesPerBlock: Int, maxLineBytes: Int) throws -> (lines: [(Int, String)], overlong: [Int]) {
        var blocks = try LineBlocks(path: path, linesPerBlock: linesPerBlock, maxLineBytes: maxLineBytes)
        var lines: [(Int, String)] = [], overlong: [Int] = []
        while let block = try blocks.next() {
            #expect(block.lines.count <= linesPerBlock)
            for line in block.lines where !block.overlong.contains(line.number) {
                lines.append((line.number, String(decoding: block.bytes[line.range], as: UTF8.self)))
            }
            overlong += block.overlong.sorted()
        }
        return (lines, overlong)
    }

    @Test func blocksGiveTheLinesOfTheWholeFile() throws {
        var rng = Xorshift(seed: 7)
        for round in 0..<12 {
            // Lines of 0 to 3,000 bytes, some empty, some with a carriage return; some files end without a newline.
            var bytes: [UInt8] = []
            for _ in 0..<(1 + rng.next(1_500)) {
                bytes += Array(repeating: UInt8(ascii: "a") + UInt8(rng.next(26)), count: rng.next(4) == 0 ? 0 : rng.next(3_000))
                if rng.next(5) == 0 { bytes.append(0x0D) }
                bytes.append(0x0A)
            }
            if round % 3 == 0 { bytes += Array("tail".utf8) }
            let path = try Self.file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let expected = BatchEvaluator.lines(of: bytes).map { ($0.number, String(decoding: bytes[$0.range], as: UTF8.self)) }
            let got = try Self.read(path, linesPerBlock: 1 + rng.next(700), maxLineBytes: 1 << 20)
            #expect(got.lines.map(\.0) == expected.map(\.0), "round \(round)")
            #expect(got.lines.map(\.1) == expected.map(\.1), "round \(round)")
            #expect(got.overlong.isEmpty)
        }
    }

    @Test func anOverlongLineIsReportedAndSkipped() throws {
        // A 3 MB line straddles three reads; the last line is overlong and has no newline.
        let long = String(repeating: "x", count: 3 << 20)
        let path = try Self.file(Array("{\"a\":1}\n\(long)\n\n{\"b\":2}\n\(long)".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let got = try Self.read(path, linesPerBlock: 2, maxLineBytes: 1 << 20)
        #expect(got.lines.map(\.0) == [1, 4])
        #expect(got.lines.map(\.1) == ["{\"a\":1}", "{\"b\":2}"])
        #expect(got.overlong == [2, 5])
    }

    @Test func aBatchReportsAnOverlongLineByNumberAndPlansTheRest() throws {
        let loaded = RuleLoader().load(sources: [
            ("r.yaml", Data("ruleset: s\nversion: 1\nfacts:\n  a: {type: integer}\nrules:\n  - {id: r, title: T, when: \"a > 1\", then: [{recommend: act0}]}\n".utf8)),
            ("c.yaml", Data(FastPathPropertyTests.catalog.utf8)),
        ])
        let evaluator = BatchEvaluator(planner: try #require(Planner(loaded)))
        let path = try Self.file(Array("{\"a\":2}\n{\"a\":\"\(String(repeating: "9", count: 200))\"}\n{\"a\":0}\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var results: [BatchEvaluator.Result] = []
        try evaluator.stream(path: path, output: .recommended, jobs: 2, maxLineBytes: 100, context: { _ in }, start: { _ in [] },
                             add: { chunk, result, _ in chunk.append(result) }) {
            results += $0
            return true
        }
        #expect(results.map(\.line) == [1, 2, 3])
        guard case .recommended(_, let first) = results[0], case .failure(_, let diagnostics) = results[1],
              case .recommended(_, let third) = results[2] else {
            Issue.record("\(results)")
            return
        }
        #expect(first == ["act0"])
        #expect(third == [])
        #expect(diagnostics.map(\.message) == ["the line is longer than 100 bytes, the most a state may take"])
        #expect(diagnostics.map(\.code) == [.fileTooLarge])
        #expect(throws: BatchReadError.self) { try LineBlocks(path: path + ".missing", linesPerBlock: 1) }
        // A folder is not a batch: an error, not an empty one.
        #expect(throws: BatchReadError.self) { try LineBlocks(path: ScratchFolder.root.path, linesPerBlock: 1) }
    }
}
