import Foundation
import SteadyRules
import Testing

/// Mapping in parallel gives the results in index order whatever the number of workers, and
/// each worker makes its state once, with its own number.
struct ParallelMapTests {
    /// The worker numbers `makeState` was called with, and how many indices each worker's state saw.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var made: [Int] = []
        private(set) var indices = 0

        func make(_ worker: Int) { lock.withLock { made.append(worker) } }
        func count(_ amount: Int) { lock.withLock { indices += amount } }
    }

    /// A worker's state: counts the indices it maps and reports them when it goes.
    final class Tally {
        let seen: Seen
        var count = 0
        init(_ seen: Seen) { self.seen = seen }
        deinit { seen.count(count) }
    }

    @Test(arguments: [1, 2, 3, 8])
    func resultsComeInIndexOrderAndEachWorkerMakesItsStateOnce(jobs: Int) {
        for count in [0, 1, 5, 1000, 4097] {
            let seen = Seen()
            let results = parallelMap(count: count, jobs: jobs, makeState: { worker in
                seen.make(worker)
                return Tally(seen)
            }) { tally, index in
                tally.count += 1
                return index * index
            }
            #expect(results == (0..<count).map { $0 * $0 }, "jobs \(jobs), count \(count)")
            // One state per worker, numbered from 0: `jobs` workers when there is enough work for
            // them all, none when there is none.
            #expect(seen.made.sorted() == Array(0..<seen.made.count), "jobs \(jobs), count \(count)")
            #expect(seen.made.count <= jobs && (count == 0) == seen.made.isEmpty, "jobs \(jobs), count \(count)")
            if count >= 1000 { #expect(seen.made.count == jobs, "jobs \(jobs), count \(count)") }
            #expect(seen.indices == count, "jobs \(jobs), count \(count)")
        }
    }
}
