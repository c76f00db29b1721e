import Foundation
import SteadyEngine
import SteadyRules

/// Evaluates many patient states (one JSON object per line) against one compiled rule set, in
/// parallel across cores, and gives one result per line in input order. Workers write to their
/// own slots of the result buffer: no locks on the hot path. Given a way to copy the planner,
/// each worker plans with objects of its own (see ``init(planner:copy:)``).
///
/// ```swift
/// let results = BatchEvaluator(planner: Planner(ruleSet: rules, catalog: catalog, policy: policy))
///     .evaluate(jsonl: bytes, path: "states.jsonl", jobs: 2) { $0 }
/// ```
public struct BatchEvaluator: Sendable {
    /// Plans each line that is not taken by the fast path.
    public let planner: Planner
    public let reader: StateReader
    /// The fast path (the planner's), when the rule set has the shape it covers.
    var flat: FlatEvaluator? { planner.flat }
    let slotReader: SlotReader
    /// Each slot's value before a state is read into it.
    let initialSlots: [Value]
    /// The evaluators of the workers past the first, each over its own copy of the planner.
    private let copies: WorkerCopies?

    /// An evaluator planning with `planner`. `copy`, when given, makes a planner equal to
    /// `planner` that shares no objects with it (one loaded again from the same files, say): each
    /// worker past the first takes one, made on its own thread the first time it needs it (from
    /// a streamed batch's second block on, see ``stream(path:output:jobs:maxLineBytes:progress:context:start:add:emit:)``).
    /// Workers that read the same objects write the same reference counts, and wait for each
    /// other's caches: two workers on one planner took about 40 % more CPU than one worker for
    /// the same lines. A copy whose snapshot hash or work limit differs from `planner`'s (its
    /// files changed since, say) is not taken; that worker shares `planner`.
    public init(planner: Planner, copy: (@Sendable () -> Planner?)? = nil) {
        self.planner = planner
        self.reader = StateReader(schema: planner.ruleSet.schema)
        self.slotReader = SlotReader(schema: planner.ruleSet.schema, slots: planner.network.slots)
        self.initialSlots = planner.network.slots.initialValues
        self.copies = copy.map { copy in
            WorkerCopies { [snapshotHash = planner.snapshotHash, workLimit = planner.workLimit] in
                guard let copied = copy(), copied.snapshotHash == snapshotHash, copied.workLimit == workLimit else { return nil }
                return BatchEvaluator(planner: copied)
            }
        }
    }

    /// The evaluator worker `number` plans with: this one for the first worker, else the worker's
    /// own (this one when there is no copy).
    func forWorker(_ number: Int) -> BatchEvaluator {
        guard number > 0, let copies else { return self }
        return copies.evaluator(number) ?? self
    }

    public var ruleSet: RuleSet { planner.ruleSet }
    var network: CompiledRuleSet { planner.network }

    /// What each result holds.
    public enum Output: String, Sendable, CaseIterable {
        /// The recommended ids and the assembled plan.
        case plans
        /// Only the recommended ids (no plan assembly): what a rule engine alone computes.
        case recommended
    }

    /// The result for one input line.
    public enum Result: Sendable {
        /// Every recommended action id (before plan assembly, sorted) and the plan.
        case plan(line: Int, recommended: ActionIDs, plan: Plan)
        /// Every recommended action id (sorted), without a plan.
        case recommended(line: Int, recommended: ActionIDs)
        /// The line could not be read or run; the diagnostics say why.
        case failure(line: Int, diagnostics: [Diagnostic])

        public var line: Int {
            switch self {
            case .plan(let line, _, _), .recommended(let line, _), .failure(let line, _): line
            }
        }
    }

    /// Evaluates the JSON state in `range` of `bytes` for its recommended ids only: through
    /// ``SlotReader`` and ``FlatEvaluator`` when the line and the rule set allow, else through
    /// the full reader and a session (same results, and the full reader's diagnostics).
    public func recommended(_ bytes: [UInt8], in range: Range<Int>, path: String, line: Int,
                            scratch: FlatEvaluator.Scratch?) -> Result {
        if let flat, let scratch {
            var slots = scratch.reusedSlots(orInitial: initialSlots)
            if let today = slotReader.read(bytes, in: range, into: &slots),
               let recommended = flat.recommended(slots: consume slots, today: today, scratch: scratch) {
                return .recommended(line: line, recommended: recommended)
            }
        }
        let read = reader.read(jsonLine: bytes, in: range, path: path, line: line)
        guard let facts = read.facts else { return .failure(line: line, diagnostics: read.diagnostics) }
        if let flat, let scratch, let run = flat.run(facts, scratch: scratch) {
            return .recommended(line: line, recommended: run.recommendedActions)
        }
        do {
            return .recommended(line: line, recommended: ActionIDs(try planner.recommended(facts)))
        } catch {
            return Self.stopped(error, path: path, line: line)
        }
    }

    /// Evaluates the JSON state in `range` of `bytes` (1-based `line` number, for messages) for
    /// its plan: through ``SlotReader`` and ``FlatEvaluator`` when the line and the rule set
    /// allow, else through the full reader and a session (the same plan, and the full reader's
    /// diagnostics).
    public func evaluate(_ bytes: [UInt8], in range: Range<Int>, path: String, line: Int, scratch: FlatEvaluator.Scratch?) -> Result {
        if let flat, let scratch {
            var slots = scratch.reusedSlots(orInitial: initialSlots)
            if let today = slotReader.read(bytes, in: range, into: &slots), let run = flat.run(slots: consume slots, today: today, scratch: scratch) {
                return .plan(line: line, recommended: run.recommendedActions, plan: planner.plan(run))
            }
        }
        let read = reader.read(jsonLine: bytes, in: range, path: path, line: line)
        guard let facts = read.facts else { return .failure(line: line, diagnostics: read.diagnostics) }
        if let flat, let scratch, let run = flat.run(facts, scratch: scratch) {
            return .plan(line: line, recommended: run.recommendedActions, plan: planner.plan(run))
        }
        do {
            let planned = try planner.plan(facts, explains: false)
            return .plan(line: line, recommended: ActionIDs(planned.run.recommendedActions), plan: planned.plan)
        } catch {
            return Self.stopped(error, path: path, line: line)
        }
    }

    /// A line whose run stopped (the firing limit, say), as the line's failure.
    private static func stopped(_ error: EngineError, path: String, line: Int) -> Result {
        let span = SourceSpan(file: path, start: SourceLocation(line: line, column: 1))
        return .failure(line: line, diagnostics: [Diagnostic(.runStopped, error.description, at: span)])
    }

    /// The non-empty lines of a JSONL text: each line's number (1-based) and byte range.
    public static func lines(of bytes: [UInt8]) -> [(number: Int, range: Range<Int>)] {
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0, number = 1
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            while start < buffer.count {
                let found: UnsafeMutableRawPointer? = memchr(base + start, 0x0A, buffer.count - start)
                let end = found.map { UnsafeRawPointer($0) - base } ?? buffer.count
                if end > start { lines.append((number, start..<end)) }
                start = end + 1
                number += 1
            }
        }
        return lines
    }

    /// Evaluates every non-empty line of a JSONL text for `output`, in parallel when `jobs` > 1, turning
    /// each result into what the caller keeps (say, its output line) on the worker that made
    /// it, so that work is parallel too and the plans need not all be kept. Results come back in
    /// input order and are the same whatever `jobs` is. `progress` is called with the number of
    /// lines done so far, from any worker.
    public func evaluate<Kept: Sendable>(jsonl bytes: [UInt8], path: String, output: Output = .plans, jobs: Int,
                                         progress: @Sendable (Int) -> Void = { _ in },
                                         transform: @Sendable (Result) -> Kept) -> [Kept] {
        evaluate(bytes, lines: Self.lines(of: bytes)[...], path: path, output: output, jobs: jobs, progress: progress,
                 context: { _ in }, start: { count in
                     var kept: [Kept] = []
                     kept.reserveCapacity(count)
                     return kept
                 },
                 add: { kept, result, _ in kept.append(transform(result)) }).flatMap { $0 }
    }

    /// What one worker plans with and keeps results with, all its own, held in place for a
    /// block's lines (read through a class, the evaluator would be copied for each line, a
    /// reference counted for each of its objects).
    private struct Worker<Context> {
        let evaluator: BatchEvaluator
        let scratch: FlatEvaluator.Scratch?
        let context: Context
    }

    /// What a worker keeps from one block of a streamed batch to the next: its evaluator and
    /// the context made from its planner.
    final class WorkerSetup<Context> {
        let evaluator: BatchEvaluator
        let context: Context

        init(evaluator: BatchEvaluator, context: (Planner) -> Context) {
            self.evaluator = evaluator
            self.context = context(evaluator.planner)
        }
    }

    /// Like ``evaluate(jsonl:path:output:jobs:progress:transform:)`` for some of the lines of
    /// `bytes` (as ``lines(of:)`` gives them), so a long batch can go a block at a time, and with
    /// what is kept made a chunk of consecutive lines at a time: `start` makes an empty chunk for
    /// so many lines and `add` adds each line's result to it, in input order, on the worker that
    /// planned it. The chunks come back in input order.
    /// The lines whose numbers are in `overlong` were longer than `maxLineBytes` and not read.
    /// Each worker makes its `context` from the planner it plans with, and `add` gets it
    /// with each result (a ``PlanJSON/LineWriter`` over that planner's catalog, say). With
    /// `ownPlanners`, each worker past the first plans with its own copy of the planner, when
    /// there is a way to make one. Given `workers`, each worker takes what it plans with from
    /// there (made the first time), so that a streamed batch's blocks share them.
    func evaluate<Chunk: Sendable, Context>(_ bytes: [UInt8], lines: ArraySlice<(number: Int, range: Range<Int>)>, path: String,
                                            output: Output, jobs: Int, overlong: Set<Int> = [], maxLineBytes: Int = 0,
                                            ownPlanners: Bool = true, workers: WorkerStates<WorkerSetup<Context>>? = nil,
                                            progress: @Sendable (Int) -> Void,
                                            context: @Sendable (Planner) -> Context,
                                            start: @Sendable (Int) -> Chunk,
                                            add: @Sendable (inout Chunk, Result, Context) -> Void) -> [Chunk] {
        let lines = Array(lines)
        return parallelChunks(count: lines.count, jobs: jobs, progress: progress, makeState: { number in
            let own = ownPlanners && number > 0
            func make() -> WorkerSetup<Context> { WorkerSetup(evaluator: own ? forWorker(number) : self, context: context) }
            // Worker 0 always plans with this evaluator; the others with their own copies once they have them.
            let setup = workers?.state(own ? number : -1 - number, make: make) ?? make()
            // The scratch is the block's: it holds the values of the states its thread reads, and
            // a worker may run on another thread in the next block.
            return Worker(evaluator: setup.evaluator, scratch: setup.evaluator.flat?.makeScratch(), context: setup.context)
        }) { worker, indices in
            var chunk = start(indices.count)
            for index in indices {
                let (range, number) = (lines[index].range, lines[index].number)
                guard !overlong.contains(number) else {
                    let span = SourceSpan(file: path, start: SourceLocation(line: number, column: 1))
                    add(&chunk, .failure(line: number, diagnostics: [
                        Diagnostic(.fileTooLarge, "the line is longer than \(maxLineBytes) bytes, the most a state may take", at: span),
                    ]), worker.context)
                    continue
                }
                let evaluator = worker.evaluator
                add(&chunk, output == .plans ? evaluator.evaluate(bytes, in: range, path: path, line: number, scratch: worker.scratch)
                    : evaluator.recommended(bytes, in: range, path: path, line: number, scratch: worker.scratch), worker.context)
            }
            return chunk
        }
    }

    /// How many lines ``stream(path:output:jobs:maxLineBytes:progress:context:start:add:emit:)``
    /// evaluates at once for `output`: enough that the hand-offs between threads at each block's
    /// start and end (about 2 ms of idle cores a block on a 2-core VM) are a few percent of its
    /// work, few enough that the three blocks in flight take tens of megabytes. A line of
    /// recommended ids costs a third of a plan's line to make and is a sixteenth of its size, so
    /// its blocks are four times longer.
    public static func blockSize(for output: Output) -> Int {
        output == .plans ? 4096 : 16384
    }

    /// Evaluates every non-empty line of the JSONL file at `path` a block of ``blockSize(for:)``
    /// lines at a time (``LineBlocks``), so memory stays flat however long the batch is and
    /// output can flow. What is kept is made a chunk of consecutive lines at a time, on the
    /// worker that planned them: `start` makes an empty chunk for so many lines (a buffer for
    /// their output, say, where a buffer per line would cost an allocation each) and `add` adds
    /// each line's result to it, in input order. Each block's chunks go to `emit` in input order,
    /// on the calling thread, while the next block is evaluated and the one after it read; `emit`
    /// returns false to stop the batch there. A line longer than `maxLineBytes` is a failure of
    /// its own. `progress` gets the bytes read and the file's size. Each worker makes its
    /// `context` from the planner it plans with, once for the batch (once more when it moves to
    /// a copy of the planner, below), and `add` gets it with each result.
    ///
    /// The first block is planned on the one planner; from the second on, each worker past the
    /// first plans with its own copy (``init(planner:copy:)``). A copy costs a load of the rule
    /// set (about 50 ms for the shipped base, more for a large one), which pays off over many
    /// blocks but not within one: a batch of one block never makes it.
    public func stream<Chunk: Sendable, Context>(path: String, output: Output, jobs: Int, maxLineBytes: Int = Limits.default.maxFileBytes,
                                                 progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
                                                 context: @Sendable (Planner) -> Context,
                                                 start: @Sendable (Int) -> Chunk, add: @Sendable (inout Chunk, Result, Context) -> Void,
                                                 emit: ([Chunk]) -> Bool) throws(BatchReadError) {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var blocks = try LineBlocks(path: path, linesPerBlock: Self.blockSize(for: output), maxLineBytes: maxLineBytes)
        // Three blocks in flight at most: one evaluated while the one before it is emitted and the
        // one after it is read, so the workers never wait for the file.
        var next = try blocks.next(), ready: [Chunk]?, first = true, failure: BatchReadError?
        let workers = WorkerStates<WorkerSetup<Context>>()
        repeat {
            let block = next
            let (kept, going) = overlapping(jobs: jobs, { [first] in
                block.map { block in
                    evaluate(block.bytes, lines: block.lines[...], path: path, output: output, jobs: jobs, overlong: block.overlong,
                             maxLineBytes: maxLineBytes, ownPlanners: !first, workers: workers,
                             progress: { _ in progress(block.bytesRead, max(size, block.bytesRead)) },
                             context: context, start: start, add: add)
                }
            }, while: {
                guard ready.map(emit) ?? true else { return false }
                do throws(BatchReadError) { next = block == nil ? nil : try blocks.next() } catch { failure = error }
                return true
            })
            if let failure { throw failure }
            guard going else { return }
            ready = kept
            first = false
        } while ready != nil
    }
}
