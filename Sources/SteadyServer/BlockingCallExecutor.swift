import Foundation
import Hummingbird

/// Threads for request handlers whose store calls wait on the network (a PostgreSQL store
/// answers each statement after a round trip, and the store's calls block until it does). On
/// Swift's cooperative pool — one thread per core — two such requests would occupy the whole
/// server; on these threads many wait side by side while the cores do other work.
final class BlockingCallExecutor: TaskExecutor, @unchecked Sendable {
    /// How many handlers may wait on the store at once.
    static let threads = 32

    private let condition = NSCondition()
    /// Jobs waiting for a thread (guarded by `condition`), run oldest first.
    private var waiting: [UnownedJob] = []
    private var next = 0

    /// Starts the threads; they live as long as the process (a server has one executor).
    init(threads: Int = BlockingCallExecutor.threads) {
        for index in 0..<threads {
            let thread = Thread { self.work() }
            thread.name = "steady-store-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        waiting.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while next == waiting.count { condition.wait() }
            let job = waiting[next]
            next += 1
            if next == waiting.count {  // drained: start the queue afresh rather than grow it
                waiting.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs each request's handler on a ``BlockingCallExecutor``: used when the store's calls wait
/// on the network (PostgreSQL).
struct BlockingCallsMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let executor: BlockingCallExecutor

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        try await withTaskExecutorPreference(executor) { try await next(request, context) }
    }
}
