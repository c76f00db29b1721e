import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

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
            throw Failure.diagnostics(loaded.diagnostics, files: loaded.files)
        }
        let compileStart = clock.now
        let network = CompiledRuleSet(ruleSet)
        let compileTime = clock.now - compileStart

        let parseStart = clock.now
        guard let text = try? String(contentsOfFile: states, encoding: .utf8) else { throw Failure.message("cannot read '\(states)' as UTF-8 text") }
        var patients: [FactBase] = []
        let reader = StateReader(schema: ruleSet.schema)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let read = reader.read(jsonLine: Data(line.utf8), path: states, line: number + 1)
            guard let facts = read.facts else {
                throw Failure.diagnostics(read.diagnostics, files: [])
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
            let bytes = Array(text.utf8)
            let batchStart = clock.now
            let results = batch.evaluate(jsonl: bytes, path: states, output: .recommended, jobs: 1) { result -> [String]? in
                if case .recommended(_, let ids) = result { Array(ids) } else { nil }
            }
            batchTime = clock.now - batchStart
            guard results == recommended else { throw Failure.message("the batch's recommended ids differ from the sessions' (a bug: please report it)") }
        }

        if let results {
            let lines = recommended.enumerated().map { index, actions in
                "[\(index),[" + actions.map { "\"\($0)\"" }.joined(separator: ",") + "]]"
            }
            do {
                try (lines.joined(separator: "\n") + "\n").write(toFile: results, atomically: true, encoding: .utf8)
            } catch {
                throw Failure.message("cannot write '\(results)': \(error.localizedDescription)")
            }
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
