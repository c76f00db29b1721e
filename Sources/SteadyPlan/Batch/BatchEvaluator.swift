import Foundation
import SteadyEngine
import SteadyRules

/// Evaluates many patient states (one JSON object per line) against one compiled rule set, in
/// parallel across cores, and gives one result per line in input order. Workers share the
/// immutable network and write to their own slots of the result buffer: no locks on the hot
/// path.
///
/// ```swift
/// let results = BatchEvaluator(ruleSet: rules, catalog: catalog, policy: policy)
///     .evaluate(jsonl: bytes, path: "states.jsonl", jobs: 2) { $0 }
/// ```
public struct BatchEvaluator: Sendable {
    public let ruleSet: RuleSet
    public let network: CompiledRuleSet
    public let assembler: PlanAssembler
    public let reader: StateReader

    public init(ruleSet: RuleSet, catalog: ActionCatalog, policy: PlanPolicy) {
        self.ruleSet = ruleSet
        self.network = CompiledRuleSet(ruleSet)
        self.assembler = PlanAssembler(ruleSet: ruleSet, catalog: catalog, policy: policy)
        self.reader = StateReader(schema: ruleSet.schema)
    }

    /// The result for one input line.
    public enum Result: Sendable {
        /// Every recommended action id (before plan assembly, sorted) and the plan.
        case plan(line: Int, recommended: [String], plan: Plan)
        /// The line could not be read or run; the diagnostics say why.
        case failure(line: Int, diagnostics: [Diagnostic])

        public var line: Int {
            switch self {
            case .plan(let line, _, _), .failure(let line, _): line
            }
        }
    }

    /// Evaluates the JSON state in `range` of `bytes` (1-based `line` number, for messages).
    public func evaluate(_ bytes: [UInt8], in range: Range<Int>, path: String, line: Int) -> Result {
        let read = reader.read(jsonLine: bytes, in: range, path: path, line: line)
        guard let facts = read.facts else { return .failure(line: line, diagnostics: read.diagnostics) }
        do {
            let session = try Session(network, facts: facts)
            session.explains = false
            let run = try session.run()
            return .plan(line: line, recommended: run.recommendedActions, plan: assembler.assemble(run, session: session))
        } catch {
            let span = SourceSpan(file: path, start: SourceLocation(line: line, column: 1))
            return .failure(line: line, diagnostics: [Diagnostic(.unknownName, "\(error)", at: span)])
        }
    }

    /// The non-empty lines of a JSONL text: each line's number (1-based) and byte range.
    public static func lines(of bytes: [UInt8]) -> [(number: Int, range: Range<Int>)] {
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0, number = 1
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            if index > start { lines.append((number, start..<index)) }
            start = index + 1
            number += 1
        }
        if bytes.count > start { lines.append((number, start..<bytes.count)) }
        return lines
    }

    /// Evaluates every non-empty line of a JSONL text, in parallel when `jobs` > 1, turning
    /// each result into what the caller keeps (say, its output line) on the worker that made
    /// it, so that work is parallel too and the plans need not all be kept. Results come back in
    /// input order and are the same whatever `jobs` is. `progress` is called with the number of
    /// lines done so far, from any worker.
    public func evaluate<Output: Sendable>(jsonl bytes: [UInt8], path: String, jobs: Int,
                                           progress: @Sendable (Int) -> Void = { _ in },
                                           transform: @Sendable (Result) -> Output) -> [Output] {
        let lines = Self.lines(of: bytes)
        return parallelMap(count: lines.count, jobs: jobs, progress: progress) { index in
            transform(evaluate(bytes, in: lines[index].range, path: path, line: lines[index].number))
        }
    }
}
