import Dispatch
import Foundation

/// Below this many items (rules, say), loading and compiling stages run on one core: handing
/// work to another thread costs more than it saves.
let parallelMinimum = 256

/// How many workers a loading or compiling stage over `count` items uses: `jobs`, or one
/// below ``parallelMinimum`` items.
public func stageJobs(_ count: Int, upTo jobs: Int) -> Int {
    count >= parallelMinimum ? jobs : 1
}

/// Maps `0..<count` through `body` in parallel across `jobs` workers, results in index order
/// and the same whatever `jobs` is. Workers take chunks of indices and write their own slots of
/// the result array, allocated up front: no locks on the hot path. `progress` is called with the
/// number of indices done so far, once per chunk, from any worker.
@inlinable
public func parallelMap<Output: Sendable>(count: Int, jobs: Int, progress: @Sendable (Int) -> Void = { _ in },
                                          _ body: @Sendable (Int) -> Output) -> [Output] {
    parallelMap(count: count, jobs: jobs, progress: progress, makeState: { _ in }) { _, index in body(index) }
}

/// ``parallelMap(count:jobs:progress:_:)`` with state of each worker's own: `makeState` makes
/// it once per worker, given the worker's number (`0..<jobs`), on the worker's thread, and `body`
/// reuses it for every index the worker takes. Which indices a worker takes varies from run to
/// run, so what `body` returns must not depend on the state it is given, only its cost may.
///
/// Inlinable, so each caller gets a version specialised to its result type: a batch line's
/// result is stored and handed back without going through the generic value witnesses.
@inlinable
public func parallelMap<Output: Sendable, State>(count: Int, jobs: Int, progress: @Sendable (Int) -> Void = { _ in },
                                                 makeState: @Sendable (Int) -> State,
                                                 _ body: @Sendable (inout State, Int) -> Output) -> [Output] {
    guard count > 0 else { return [] }
    let chunk = max(1, min(1024, count / max(1, jobs * 8)))
    let chunks = (count + chunk - 1) / chunk
    let workers = max(1, min(jobs, chunks))
    return [Output](unsafeUninitializedCapacity: count) { buffer, initialized in
        let slots = ResultSlots(buffer)
        let counts = ChunkCounts()
        let work: @Sendable (Int) -> Void = { worker in
            var state = makeState(worker)
            while let index = counts.claim(below: chunks) {
                let range = (index * chunk)..<min(count, (index + 1) * chunk)
                for position in range { slots.initialize(position, to: body(&state, position)) }
                progress(counts.finish(range.count))
            }
        }
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        } else {
            (0..<1).forEach(work)
        }
        initialized = count
    }
}

/// Runs `first` and `second` at once when `jobs` > 1 (one after the other otherwise) and returns
/// both results.
public func both<First: Sendable, Second: Sendable>(jobs: Int, _ first: @Sendable () -> First,
                                                    and second: @Sendable () -> Second) -> (First, Second) {
    guard jobs > 1 else { return (first(), second()) }
    var results: (First?, Second?) = (nil, nil)
    withUnsafeMutablePointer(to: &results) { pointer in
        let slots = BothSlots(pointer)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { slots.pointer.pointee.0 = first() } else { slots.pointer.pointee.1 = second() }
        }
    }
    return (results.0!, results.1!)
}

/// Runs `background` on another thread while the caller runs `foreground`, and returns both
/// results once both are done (one after the other when `jobs` is 1): a pipeline stage, such
/// as evaluating the next block of a batch while this one is written.
public func overlapping<Background: Sendable, Foreground>(jobs: Int, _ background: @Sendable () -> Background,
                                                         while foreground: () -> Foreground) -> (Background, Foreground) {
    guard jobs > 1 else { return (background(), foreground()) }
    return withoutActuallyEscaping(background) { background in
        let result = BackgroundResult<Background>()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { result.value = background() }
        let foregroundResult = foreground()
        // `background` does not outlive this call: it is waited for here.
        group.wait()
        return (result.value!, foregroundResult)
    }
}

/// What the background half of ``overlapping(jobs:_:while:)`` made, written once by it and read
/// after the wait.
private final class BackgroundResult<Value>: @unchecked Sendable {
    var value: Value?
}

/// The two workers of ``both(jobs:_:and:)`` write distinct halves of one tuple.
private struct BothSlots<First, Second>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<(First?, Second?)>
    init(_ pointer: UnsafeMutablePointer<(First?, Second?)>) { self.pointer = pointer }
}

/// Distinct workers initialize distinct slots of one buffer allocated up front.
@usableFromInline
struct ResultSlots<Output>: @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutableBufferPointer<Output>

    @usableFromInline
    init(_ buffer: UnsafeMutableBufferPointer<Output>) { self.buffer = buffer }

    @usableFromInline
    func initialize(_ index: Int, to result: Output) { (buffer.baseAddress! + index).initialize(to: result) }
}

/// The chunks handed out to workers and the indices done, shared by workers and touched twice
/// per chunk.
@usableFromInline
final class ChunkCounts: @unchecked Sendable {
    private var claimed = 0
    private var done = 0
    private let lock = NSLock()

    @usableFromInline
    init() {}

    /// The next chunk no worker has taken, or nil when all `chunks` are taken.
    @usableFromInline
    func claim(below chunks: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard claimed < chunks else { return nil }
        claimed += 1
        return claimed - 1
    }

    /// Counts `amount` more indices done, and returns how many are done in all.
    @usableFromInline
    func finish(_ amount: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        done += amount
        return done
    }
}
