import Foundation

/// The evaluators of a batch's workers past the first, each over a planner of its own, made by
/// `make` the first time a worker asks for one (on that worker's thread) and kept for every later
/// batch of the same evaluator. A worker whose copy could not be made shares the first worker's.
final class WorkerCopies: @unchecked Sendable {
    private let make: @Sendable () -> BatchEvaluator?
    /// Each worker's evaluator by its number, or nil when its copy could not be made.
    private var made: [Int: BatchEvaluator?] = [:]
    private let lock = NSLock()

    init(make: @escaping @Sendable () -> BatchEvaluator?) {
        self.make = make
    }

    /// Worker `number`'s own evaluator, made now when it has none yet; nil when it cannot be made.
    func evaluator(_ number: Int) -> BatchEvaluator? {
        if let known = lock.withLock({ made[number] }) { return known }
        // Made outside the lock: loading a rule set takes a while, and other workers' copies need not wait.
        let evaluator = make()
        return lock.withLock {
            if let known = made[number] { return known }
            made[number] = evaluator
            return evaluator
        }
    }
}
