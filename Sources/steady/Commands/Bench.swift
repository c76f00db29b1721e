import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady bench`: measurements that belong in benchmarks, not in timed tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure load, compile and evaluation speed.",
        subcommands: [LoadBench.self, EngineBench.self, LatencyBench.self, StoreBench.self]
    )
}

private extension Duration {
    /// The duration in seconds, as the benchmarks report it.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The process's peak resident memory so far, in MB.
private func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// `steady bench load`: how long loading and checking a rule set takes, as `steady check` does it.
struct LoadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load and check rule files (every stage steady check runs, lint included) and report the time and peak memory.",
        discussion: """
            Prints one JSON line: rules, files, best and median seconds over --repeat loads, peak \
            memory. Generate large rule sets with Benchmarks/gen-rules.py.

            Example:
              python3 Benchmarks/gen-rules.py --rules 10000 --out /tmp/big && steady bench load /tmp/big
            """
    )

    @Argument(help: ArgumentHelp("Rule files, catalogs or folders.", valueName: "path"))
    var paths: [String]

    @Option(name: .customLong("repeat"), help: "How many times to load.")
    var times = 3

    func validate() throws {
        guard times >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    func run() throws {
        let clock = ContinuousClock()
        var seconds: [Double] = []
        var loaded: RuleLoader.Result?
        for _ in 0..<times {
            let start = clock.now
            loaded = RuleLoader().load(paths: paths)
            seconds.append((clock.now - start).seconds)
        }
        guard let loaded, let ruleSet = loaded.ruleSet else {
            throw Failure.diagnostics(loaded?.diagnostics ?? [], files: loaded?.files ?? [])
        }
        seconds.sort()
        print(String(format: "{\"rules\": %d, \"files\": %d, \"best_seconds\": %.3f, \"median_seconds\": %.3f, \"peak_rss_mb\": %.1f}",
                     ruleSet.rules.count, loaded.files.count, seconds[0], seconds[seconds.count / 2], peakMemoryMB()))
    }
}

/// `steady bench engine`: evaluate a batch of states one after another on one core.
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Evaluate every state of a JSONL file on one core and report evaluations per second.",
        discussion: """
            Loads and compiles the rule set once, then runs one session per state (explanations \
            off, as in batch mode) and prints one JSON line: rules, patients, load_seconds, \
            compile_seconds, parse_seconds, eval_seconds, evals_per_second. With a catalog among \
            the paths it also times the batch's recommended-ids path on one core (reading each \
            line and evaluating it, as steady plan --batch --recommended-only does): \
            batch_seconds.

            Example (see Benchmarks/engine-bench.sh):
              steady bench engine --rules w/rules --rules w/plans --states w/states.jsonl --results out.jsonl
            """
    )

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rule files, catalogs or folders (repeatable).", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("Patient states, one JSON object per line.", valueName: "file"))
    var states: String

    @Option(help: ArgumentHelp("Write each patient's recommended action ids here as [index, [ids]] lines.", valueName: "file"))
    var results: String?

    func validate() throws {
        for path in paths + [states] where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
    }

    func run() throws {
        let clock = ContinuousClock()
        let loadStart = clock.now
        let loaded = RuleLoader().load(paths: paths)
        let loadTime = clock.now - loadStart
        guard let ruleSet = loaded.ruleSet else {
            print(DiagnosticRenderer(files: loaded.files).render(loaded.diagnostics), terminator: "")
            throw ExitStatus.problems.code
        }
        let compileStart = clock.now
        let network = CompiledRuleSet(ruleSet)
        let compileTime = clock.now - compileStart

        let parseStart = clock.now
        let text = try String(contentsOfFile: states, encoding: .utf8)
        var patients: [FactBase] = []
        let reader = StateReader(schema: ruleSet.schema)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let read = reader.read(jsonLine: Data(line.utf8), path: states, line: number + 1)
            guard let facts = read.facts else {
                print(DiagnosticRenderer(files: []).render(read.diagnostics), terminator: "")
                throw ExitStatus.problems.code
            }
            patients.append(facts)
        }
        let parseTime = clock.now - parseStart

        var recommended: [[String]] = []
        recommended.reserveCapacity(patients.count)
        let evalStart = clock.now
        for facts in patients {
            let session = try Session(network, facts: facts)
            session.explains = false
            recommended.append(try session.run().recommendedActions)
        }
        let evalTime = clock.now - evalStart

        var batchTime: Duration?
        if let catalog = loaded.catalog {
            let batch = BatchEvaluator(planner: Planner(network: network, catalog: catalog, policy: loaded.policy ?? .standard))
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: states)))
            let batchStart = clock.now
            let results = batch.evaluate(jsonl: bytes, path: states, output: .recommended, jobs: 1) { result -> [String]? in
                if case .recommended(_, let ids) = result { ids } else { nil }
            }
            batchTime = clock.now - batchStart
            guard results == recommended else { throw ValidationError("the batch's recommended ids differ from the sessions'") }
        }

        if let results {
            let lines = recommended.enumerated().map { index, actions in
                "[\(index),[" + actions.map { "\"\($0)\"" }.joined(separator: ",") + "]]"
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: results, atomically: true, encoding: .utf8)
        }
        let eval = evalTime.seconds
        let report: [(String, String)] = [
            ("engine", "\"steady\""), ("rules", "\(ruleSet.rules.count)"), ("patients", "\(patients.count)"),
            ("load_seconds", String(format: "%.4f", loadTime.seconds)),
            ("compile_seconds", String(format: "%.4f", compileTime.seconds)),
            ("parse_seconds", String(format: "%.4f", parseTime.seconds)),
            ("eval_seconds", String(format: "%.4f", eval)),
            ("evals_per_second", String(format: "%.1f", Double(patients.count) / max(eval, 1e-9))),
        ] + (batchTime.map { [("batch_seconds", String(format: "%.4f", $0.seconds))] } ?? [])
        print("{" + report.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    }
}

/// `steady bench latency`: one patient's plan, in process, many times.
struct LatencyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Measure the latency of one patient's plan (state read, rules, plan) in process: p50, p99, peak memory.",
        discussion: """
            Loads the rules once, then makes the plan for each state file in turn, --iterations \
            times over, and prints one JSON line: p50 / p99 of the plan as steady plan makes it, \
            and of the plan with its explanations recorded (every sub-expression value and why \
            each other rule did not fire), as steady why / why-not and stored plans need.

            Example:
              steady bench latency --state examples/workday-high-stress.yaml --state examples/pain-flare.yaml
            """
    )

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rule files or folders (default: rules/).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Action catalog and policy (default: plans/).", valueName: "path"))
    var catalog = "plans"

    @Option(help: ArgumentHelp("State files to plan for (repeatable).", valueName: "file"))
    var state: [String]

    @Option(help: "How many times to plan for each state.")
    var iterations = 2000

    func run() throws {
        let planner = try PlanInputs.load(rules: paths.isEmpty ? ["rules"] : paths, catalog: catalog).planner
        let reader = StateReader(schema: planner.ruleSet.schema)
        let states = try state.map { path -> Data in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read '\(path)'") }
            return data
        }
        let clock = ContinuousClock()
        /// Sorted plan times in microseconds.
        func measure(explains: Bool) throws -> [Double] {
            var samples: [Double] = []
            samples.reserveCapacity(iterations * states.count)
            for _ in 0..<iterations {
                for (index, data) in states.enumerated() {
                    let start = clock.now
                    let read = reader.read(data, path: state[index])
                    guard let facts = read.facts else { throw Failure.diagnostics(read.diagnostics, files: read.source.map { [$0] } ?? []) }
                    _ = try planner.plan(facts, explains: explains)
                    samples.append((clock.now - start).seconds * 1e6)
                }
            }
            return samples.sorted()
        }
        func percentile(_ samples: [Double], _ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        let plain = try measure(explains: false), explained = try measure(explains: true)
        print(String(format: "{\"plans\": %d, \"p50_us\": %.1f, \"p99_us\": %.1f, \"max_us\": %.1f, \"explained_p50_us\": %.1f, \"explained_p99_us\": %.1f, \"peak_rss_mb\": %.1f}",
                     plain.count, percentile(plain, 0.5), percentile(plain, 0.99), plain.last ?? 0,
                     percentile(explained, 0.5), percentile(explained, 0.99), peakMemoryMB()))
    }
}

/// `steady bench store`: check-in and plan times against a database with a long history, and
/// the size of the database.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Fill a scratch database with generated check-ins; time one check-in and one stored plan; report the file size.",
        discussion: "Example:\n  steady bench store --patients 1000 --days 365 --db /tmp/bench.sqlite"
    )

    @Option(help: "How many patients.") var patients = 1
    @Option(help: "How many days of check-ins each.") var days = 365
    @Option(help: ArgumentHelp("The scratch database (removed first).", valueName: "file")) var db: String

    func run() throws {
        try? FileManager.default.removeItem(atPath: db)
        try? FileManager.default.removeItem(atPath: db + ".audit-key")
        let loaded = try PlanInputs.load(rules: ["rules"], catalog: "plans")
        let store = try Store(path: db, auditKey: AuditKey.loadOrCreate(path: db + ".audit-key"), actor: "bench")
        let today = Day(iso: "2026-11-24")!
        func state(_ patient: Int, _ day: Int) -> FactBase {
            let seed = patient &* 7919 &+ day &* 104_729
            return FactBase(values: [Schema.dateFact: .date(today.daysSinceEpoch - day), "stress": .integer(seed % 11), "pain": .integer((seed / 11) % 11),
                                     "fatigue": .integer((seed / 121) % 11), "sleep.hours": .number(Double(4 + (seed / 7) % 6))],
                            today: Day(today.daysSinceEpoch - day))
        }
        let clock = ContinuousClock()
        let fillStart = clock.now
        for patient in 0..<patients {
            _ = try store.checkIns((1...days).map { ("p\(patient)", state(patient, $0)) })
        }
        let fill = clock.now - fillStart
        let start = clock.now
        _ = try store.checkIn(patient: "p0", facts: state(0, 0))
        let checkIn = clock.now - start
        let planStart = clock.now
        var facts = state(0, 0)
        facts.history = try store.history(patient: "p0", before: today, days: Store.historyDays, schema: loaded.planner.ruleSet.schema)
        try store.saveSnapshot(planner: loaded.planner, files: loaded.files)
        _ = try store.storePlan(patient: "p0", facts: facts, planned: loaded.planner.plan(facts))
        let planTime = clock.now - planStart
        let size = ((try? FileManager.default.attributesOfItem(atPath: db))?[.size] as? Int ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: db + "-wal"))?[.size] as? Int ?? 0)
        print(String(format: "{\"patients\": %d, \"days\": %d, \"fill_seconds\": %.2f, \"checkin_ms\": %.2f, \"plan_and_store_ms\": %.2f, \"database_mb\": %.1f}",
                     patients, days, fill.seconds, checkIn.seconds * 1000, planTime.seconds * 1000, Double(size) / 1_048_576))
    }
}
