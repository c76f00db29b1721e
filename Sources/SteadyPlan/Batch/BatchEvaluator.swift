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
    /// worker past the first takes one, made on its own thread the first time it needs it (in
    /// a streamed batch, only when it is longer than one block: see
    /// ``stream(path:output:jobs:maxLineBytes:progress:context:start:add:emit:)``).
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
        let lines = Self.lines(of: bytes)
        return parallelMap(count: lines.count, jobs: jobs, progress: progress, makeState: { number in
            Worker(evaluator: forWorker(number), context: { _ in })
        }) { worker, index in
            transform(worker.result(of: lines[index], in: bytes, path: path, output: output))
        }
    }

    /// What one worker plans with and keeps results with, all its own, made once on the
    /// worker's thread and held in place for every line it takes (read through a class, the
    /// evaluator would be copied for each line, a reference counted for each of its objects).
    struct Worker<Context> {
        let evaluator: BatchEvaluator
        /// The flat run's scratch: it holds the values of the states the worker reads.
        let scratch: FlatEvaluator.Scratch?
        /// What the worker made of its planner to keep results with (a line writer, say).
        let context: Context

        init(evaluator: BatchEvaluator, context: (Planner) -> Context) {
            self.evaluator = evaluator
            scratch = evaluator.flat?.makeScratch()
            self.context = context(evaluator.planner)
        }

        /// The result for `line` of `bytes`: a failure of its own when its number is in
        /// `overlong` (it was longer than `maxLineBytes` and not read), else its plan or its
        /// recommended ids, as `output` asks.
        func result(of line: (number: Int, range: Range<Int>), in bytes: [UInt8], path: String, output: Output,
                    overlong: Set<Int> = [], maxLineBytes: Int = 0) -> Result {
            guard !overlong.contains(line.number) else {
                let span = SourceSpan(file: path, start: SourceLocation(line: line.number, column: 1))
                return .failure(line: line.number, diagnostics: [
                    Diagnostic(.fileTooLarge, "the line is longer than \(maxLineBytes) bytes, the most a state may take", at: span),
                ])
            }
            return output == .plans ? evaluator.evaluate(bytes, in: line.range, path: path, line: line.number, scratch: scratch)
                : evaluator.recommended(bytes, in: line.range, path: path, line: line.number, scratch: scratch)
        }
    }
}
