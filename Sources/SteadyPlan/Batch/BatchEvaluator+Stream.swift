import Foundation
import SteadyRules

extension BatchEvaluator {
    /// How many lines ``stream(path:output:jobs:maxLineBytes:progress:context:start:add:emit:)``
    /// reads at once: few enough that the three blocks in flight take tens of megabytes. Workers
    /// do not wait for each other at a block's end, so a longer block would not be faster.
    public static let blockSize = 4096

    /// Evaluates every non-empty line of the JSONL file at `path` (``LineBlocks``, a block of
    /// ``blockSize`` lines at a time), so memory stays flat however long the batch is and
    /// output flows as it is made.
    ///
    /// What is kept is made a chunk of consecutive lines at a time (a few hundred), on the worker
    /// that planned them: `start` makes an empty chunk for so many lines (a buffer for their
    /// output, say, where a buffer per line would cost an allocation each) and `add` adds each
    /// line's result to it, in input order. The chunks go to `emit` one by one in input order, on
    /// the calling thread, which reads the file too; `emit` returns false to stop the batch there.
    /// Workers go from chunk to chunk, and from one block to the next, without waiting for each
    /// other. A line longer than `maxLineBytes` is a failure of its own. `progress` gets the bytes
    /// read and the file's size. Each worker makes its `context` from the planner it plans with,
    /// once, and `add` gets it with each result.
    ///
    /// In a batch of more than one block, each worker past the first plans with its own copy
    /// of the planner (``init(planner:copy:)``). A copy costs a load of the rule set (about 50 ms
    /// for the shipped base, more for a large one), which pays off over many blocks but not
    /// within one: a batch of one block never makes it.
    public func stream<Chunk: Sendable, Context>(path: String, output: Output, jobs: Int, maxLineBytes: Int = Limits.default.maxFileBytes,
                                                 progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
                                                 context: @Sendable (Planner) -> Context,
                                                 start: @Sendable (Int) -> Chunk, add: @Sendable (inout Chunk, Result, Context) -> Void,
                                                 emit: (Chunk) -> Bool) throws(BatchReadError) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var blocks = try LineBlocks(path: path, linesPerBlock: Self.blockSize, maxLineBytes: maxLineBytes)
        // Two blocks read before any line is planned: whether there is a second says whether
        // copies of the planner pay off.
        var read: [LineBlocks.Block] = []
        while read.count < 2, let block = try blocks.next() { read.append(block) }
        let ownPlanners = read.count > 1
        func nextBlock() throws(BatchReadError) -> LineBlocks.Block? {
            read.isEmpty ? try blocks.next() : read.removeFirst()
        }
        @Sendable func make(_ chunk: ChunkQueue<Chunk>.Lines, with worker: Worker<Context>) -> Chunk {
            var made = start(chunk.lines.count)
            for index in chunk.lines {
                add(&made, worker.result(of: chunk.block.lines[index], in: chunk.block.bytes, path: path, output: output,
                                         overlong: chunk.block.overlong, maxLineBytes: maxLineBytes), worker.context)
            }
            return made
        }
        // About eight chunks per worker in a block, so one that finishes early takes another's share.
        func chunks(of block: LineBlocks.Block, from number: Int) -> [ChunkQueue<Chunk>.Lines] {
            let size = max(1, block.lines.count / (8 * jobs))
            return stride(from: 0, to: block.lines.count, by: size).enumerated().map { offset, first in
                .init(number: number + offset, block: block, lines: first..<min(block.lines.count, first + size))
            }
        }

        guard jobs > 1 else {
            let worker = Worker(evaluator: self, context: context)
            while let block = try nextBlock() {
                for chunk in chunks(of: block, from: 0) {
                    guard emit(make(chunk, with: worker)) else { return }
                }
                progress(block.bytesRead, max(size, block.bytesRead))
            }
            return
        }

        let queue = ChunkQueue<Chunk>()
        var failure: BatchReadError?
        _ = overlapping(jobs: jobs, {
            DispatchQueue.concurrentPerform(iterations: jobs) { number in
                let worker = Worker(evaluator: ownPlanners && number > 0 ? forWorker(number) : self, context: context)
                while let chunk = queue.take() { queue.finish(chunk.number, with: make(chunk, with: worker)) }
            }
        }, while: {
            // Each block's chunks and the bytes read by its end; three blocks in flight at most:
            // one emitted while the workers plan the next two.
            var inFlight: [(chunks: Range<Int>, bytesRead: Int)] = [], queued = 0
            defer { queue.stop() }
            while true {
                while inFlight.count < 3 {
                    let block: LineBlocks.Block?
                    do throws(BatchReadError) { block = try nextBlock() } catch {
                        failure = error
                        return
                    }
                    guard let block else { break }
                    let cut = chunks(of: block, from: queued)
                    queue.put(cut)
                    inFlight.append((queued..<(queued + cut.count), block.bytesRead))
                    queued += cut.count
                }
                guard let (numbers, bytesRead) = inFlight.first else { return }
                for number in numbers {
                    guard emit(queue.made(number)) else { return }
                }
                inFlight.removeFirst()
                progress(bytesRead, max(size, bytesRead))
            }
        })
        if let failure { throw failure }
    }
}
