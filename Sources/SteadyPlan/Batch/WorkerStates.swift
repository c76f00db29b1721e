import Foundation

/// What each batch worker plans and writes with — its evaluator and its writer — kept from one
/// block of a streamed batch to the next, so that a worker does not make them afresh for every
/// few thousand lines (a writer precomputes the catalog's and the reasons' bytes: about a
/// million instructions, as much as twenty states' ids).
///
/// A state is made by the first block that asks for it under its key and handed to every later
/// one. Blocks are evaluated one after another, and within one each worker asks under a key of
/// its own, so no two threads use a state at once.
final class WorkerStates<State: AnyObject>: @unchecked Sendable {
    private var states: [Int: State] = [:]
    private let lock = NSLock()

    /// The state kept under `key`, made with `make` when there is none yet.
    func state(_ key: Int, make: () -> State) -> State {
        if let known = lock.withLock({ states[key] }) { return known }
        let made = make()
        lock.withLock { states[key] = made }
        return made
    }
}
