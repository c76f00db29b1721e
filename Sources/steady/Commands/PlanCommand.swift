import ArgumentParser
import Foundation
import SteadyEngine
import SteadyFHIR
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady plan`: today's plan for one state, or for a batch of states.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Make today's coping plan from a state file, or plans for a batch of states.",
        discussion: """
            Runs the rule set on the state, then assembles the plan: safety alerts first, then \
            actions by time of day with minutes and a reason each, fitted to the time the person \
            has (minutes_available) or the policy's default.

            With --batch, reads one JSON state per line and writes one JSON line per state, in \
            input order: {"line", "recommended" (every recommended action id, before assembly), \
            "plan"} or {"line", "error"}; with --recommended-only, {"line", "recommended"}. States are evaluated in parallel; progress goes to \
            stderr. A bad line is reported with its number and skipped (--on-error skip) or ends \
            the batch (--on-error stop); the exit code is 1 if any line was bad.

            Examples:
              steady plan --state examples/workday-high-stress.yaml
              steady plan --state today.yaml --rules rules/cervical-dystonia --rules clinic/ --format json
              steady plan --batch states.jsonl --format jsonl > plans.jsonl
              steady plan --patient p1                  # today's check-in with p1's profile; stores the plan
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, fhir, jsonl }

    enum OnError: String, ExpressibleByArgument, CaseIterable { case skip, stop }

    @OptionGroup var inputs: PlanInputs

    @Option(help: ArgumentHelp("Patient states, one JSON object per line (instead of --state).", valueName: "file"))
    var batch: String?

    @Option(help: "Output format: text, json, markdown or fhir (a FHIR R4 Bundle: CarePlan, alerts, Provenance) for one state; jsonl for a batch.")
    var format: Format?

    @Option(help: "With --batch: skip a bad line (reporting it) or stop at it.")
    var onError: OnError = .skip

    @Flag(help: "With --batch: write only each state's recommended action ids, without assembling plans (faster; what a rule engine alone computes).")
    var recommendedOnly = false

    @Option(parsing: .unconditional, help: "With --batch: how many cores to use, 1 to 256 (default: all).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard !recommendedOnly || batch != nil else { throw ValidationError("--recommended-only goes with --batch") }
        if inputs.patient != nil {
            guard batch == nil else { throw ValidationError("give one of --state, --batch or --patient") }
            return
        }
        switch (inputs.state ?? inputs.fhir, batch) {
        case (nil, nil): throw ValidationError("give --state FILE, --fhir BUNDLE, --batch FILE for many states, or --patient ID")
        case (.some, .some): throw ValidationError("give either --state (or --fhir) or --batch, not both")
        case (nil, let batch?):
            guard FileManager.default.fileExists(atPath: batch) else { throw ValidationError("no such file: '\(batch)'") }
            guard format == nil || format == .jsonl else { throw ValidationError("--batch writes --format jsonl") }
        default:
            guard format != .jsonl else { throw ValidationError("--format jsonl is for --batch") }
        }
        try Bounds.check(jobs, Bounds.jobs, "--jobs")
    }

    func run() throws {
        if let batch {
            try runBatch(batch)
            return
        }
        if let patient = inputs.patient {
            try runStored(patient)
            return
        }
        let made = try inputs.make(explains: false)
        try print(made.plan, patient: made.patient)
    }

    /// Plans from the stored check-in of the day (default today) with the patient's profile
    /// merged under it and the 30 days before it, and stores the plan.
    private func runStored(_ patient: String) throws {
        let loaded = try inputs.loadRules()
        let planner = loaded.planner
        let store = try inputs.database.open()
        let patientDay = try PlanInputs.patientDay(store: store, patient: patient, day: inputs.day, schema: planner.ruleSet.schema)
        let planned = try planner.plan(patientDay.facts, profile: patientDay.profile)
        try store.saveSnapshot(planner: planner, files: loaded.files)
        let stored = try store.storePlan(patient: patient, facts: patientDay.facts, planned: planned)
        try print(planned.plan, patient: patient, words: FactWords(schema: planner.ruleSet.schema))
        FileHandle.standardError.write(Data("stored as plan #\(stored.id)\n".utf8))
    }

    /// Prints `plan` in the chosen format.
    private func print(_ plan: Plan, patient: String?, words: FactWords? = nil) throws {
        switch format ?? .text {
        case .text, .jsonl: Swift.print(PlanRenderer(style: .text, words: words).render(plan), terminator: "")
        case .markdown: Swift.print(PlanRenderer(style: .markdown, words: words).render(plan), terminator: "")
        case .json: Swift.print(try PlanJSON.encode(plan))
        case .fhir: Swift.print(FHIRSystem.json(CarePlanBundle(plan: plan, patient: patient).resource), terminator: "")
        }
    }

    private func runBatch(_ path: String) throws {
        let planner = try inputs.loadRules().planner
        // Progress in megabytes of the file read: the number of lines is known only at its end.
        let progress = ProgressLine(unit: "MB of states", threshold: 10)
        // Each worker past the first loads the rules again, so that workers share no objects.
        let inputs = inputs
        let copy: @Sendable () -> Planner? = { try? inputs.loadRules().planner }
        let evaluator = BatchEvaluator(planner: planner, copy: jobs > 1 ? copy : nil)
        var failed = false
        do {
            try evaluator.stream(path: path, output: recommendedOnly ? .recommended : .plans, jobs: jobs,
                                 progress: { progress.report($0 >> 20, of: $1 >> 20) },
                                 context: { PlanJSON.LineWriter(planner: $0) }, start: { [recommendedOnly] lines in
                                     OutputChunk(lines: lines, recommendedOnly: recommendedOnly)
                                 }) { chunk, result, writer in
                if case .failure(let line, let diagnostics) = result {
                    chunk.problems.append((line, "\(path):\(line): " + diagnostics.map(\.message).joined(separator: "; "), chunk.bytes.count))
                }
                writer.write(result, into: &chunk.bytes)
                chunk.bytes.append(0x0A)
            } emit: { chunk in
                for problem in chunk.problems {
                    failed = true
                    FileHandle.standardError.write(Data((problem.message + "\n").utf8))
                    if onError == .stop {
                        Self.writeOut(chunk.bytes[..<problem.offset])
                        FileHandle.standardError.write(Data("stopped at line \(problem.line) (--on-error stop)\n".utf8))
                        return false
                    }
                }
                Self.writeOut(chunk.bytes[...])
                return true
            }
        } catch {
            throw Failure.message(error.description)
        }
        progress.finish()
        // The process ends next: the OS takes back the compiled rule set at once, where freeing it
        // object by object would cost about a millisecond per 1,000 rules.
        _ = Unmanaged.passRetained(KeptUntilExit(evaluator))
        if failed { throw ExitStatus.problems.code }
    }

    /// The output of some consecutive lines of a batch, made on the worker that planned them.
    private struct OutputChunk: Sendable {
        /// The lines' JSON, each ending in a newline.
        var bytes: [UInt8] = []
        /// Each line that failed: its number, its message and where its output starts in `bytes`.
        var problems: [(line: Int, message: String, offset: Int)] = []

        /// An empty chunk with room for `lines` lines of up to 8 KB, or 512 bytes of recommended
        /// ids (a shipped-base plan's line is 1 to 8 KB, 4 KB in the middle; a line of ids a few
        /// hundred bytes). Room made ahead costs nothing until it is written; growing the buffer
        /// from nothing would copy it about once over.
        init(lines: Int, recommendedOnly: Bool) {
            bytes.reserveCapacity(lines * (recommendedOnly ? 512 : 8192))
        }
    }

    /// Writes `bytes` to standard output as they are, without copying them.
    private static func writeOut(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none))
        }
    }

    /// A value deliberately never freed (see the end of ``runBatch(_:)``).
    private final class KeptUntilExit<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
