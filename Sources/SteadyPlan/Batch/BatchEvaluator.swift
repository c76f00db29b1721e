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
///     .evaluate(lines, path: "states.jsonl", jobs: 2)
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

    /// Evaluates one line (1-based `line` number, for messages).
    public func evaluate(_ text: Substring, path: String, line: Int) -> Result {
        let read = reader.read(jsonLine: Data(text.utf8), path: path, line: line)
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

    /// Evaluates every non-empty line, in parallel when `jobs` > 1; results come back in input
    /// order and are the same whatever `jobs` is.
    /// `progress` is called with the number of lines done so far, from any worker.
    public func evaluate(_ lines: [Substring], path: String, jobs: Int,
                         progress: @Sendable (Int) -> Void = { _ in }) -> [Result] {
        evaluate(lines, path: path, jobs: jobs, progress: progress) { $0 }
    }

    /// Like ``evaluate(_:path:jobs:progress:)``, turning each result into what the caller keeps
    /// (say, its output line) on the worker that made it, so that work is parallel too and the
    /// plans need not all be kept.
    public func evaluate<Output: Sendable>(_ lines: [Substring], path: String, jobs: Int,
                                           progress: @Sendable (Int) -> Void = { _ in },
                                           transform: @Sendable (Result) -> Output) -> [Output] {
        let numbered = lines.enumerated().filter { !$0.element.isEmpty }.map { (line: $0.offset + 1, text: $0.element) }
        return parallelMap(count: numbered.count, jobs: jobs, progress: progress) { position in
            transform(evaluate(numbered[position].text, path: path, line: numbered[position].line))
        }
    }
}
