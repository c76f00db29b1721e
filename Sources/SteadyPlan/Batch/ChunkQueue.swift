import Foundation

/// The chunks of a streamed batch's lines, handed from the thread that reads the file to the
/// workers, and what the workers made of them handed back in input order.
///
/// The reading thread ``put(_:)``s each block's chunks, numbered in input order, takes what was
/// made of them back one by one with ``made(_:)``, and ``stop()``s the workers at the end;
/// workers ``take()`` the next chunk and ``finish(_:with:)`` it. Workers go from one block's
/// chunks to the next without waiting for the rest of a block: nothing joins at a block's end.
/// One lock guards it all, taken three times per chunk of a few hundred lines (taken, finished,
/// handed back) and once per block, never per line.
final class ChunkQueue<Made: Sendable>: @unchecked Sendable {
    /// A chunk: some consecutive lines of one block.
    struct Lines: Sendable {
        /// Its place in input order, from 0.
        let number: Int
        /// The block the lines are in.
        let block: LineBlocks.Block
        /// Its lines' positions in the block's ``LineBlocks/Block/lines``.
        let lines: Range<Int>
    }

    private let condition = NSCondition()
    private var waiting: [Lines] = []
    /// The first chunk in `waiting` no worker has taken.
    private var next = 0
    private var made: [Int: Made] = [:]
    /// The batch is over, or stopped early: workers take no more chunks, and what they were
    /// making is dropped.
    private var stopped = false

    /// Adds chunks for the workers to take, in input order.
    func put(_ chunks: [Lines]) {
        condition.withLock {
            // Taken chunks go, and with them the last reference to their block's bytes.
            waiting.removeFirst(next)
            next = 0
            waiting += chunks
            condition.broadcast()
        }
    }

    /// The next chunk, waiting for one when there is none yet; nil once the batch is stopped.
    func take() -> Lines? {
        condition.withLock {
            while next == waiting.count, !stopped { condition.wait() }
            guard !stopped else { return nil }
            next += 1
            return waiting[next - 1]
        }
    }

    /// Hands back what a worker made of chunk `number`.
    func finish(_ number: Int, with result: Made) {
        condition.withLock {
            guard !stopped else { return }
            made[number] = result
            condition.broadcast()
        }
    }

    /// What was made of chunk `number`, once a worker has finished it (the chunk must have
    /// been put, and the batch not stopped).
    func made(_ number: Int) -> Made {
        condition.withLock {
            while made[number] == nil { condition.wait() }
            return made.removeValue(forKey: number)!
        }
    }

    /// Ends the batch, at its end or early: workers take no more chunks.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }
}
