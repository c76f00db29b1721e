import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady bench latency`: one patient's plan, in process, many times.
struct LatencyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Measure the latency of one patient's plan (state read, rules, plan) in process: p50, p99, peak memory.",
        discussion: """
            Loads the rules once, then makes the plan for each state file in turn, --iterations \
            times over, and prints one JSON line: p50 / p99 of the plan alone, as check-ins and \
            the server's pages make it, and of the plan with its explanations recorded (every \
            sub-expression value and why each other rule did not fire), as steady why / why-not \
            and stored plans need.

            Example:
              steady bench latency --state examples/workday-high-stress.yaml --state examples/pain-flare.yaml
            """
    )

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rule files or folders (default: rules/).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var catalog: CatalogOption

    @Option(help: ArgumentHelp("State files to plan for (repeatable).", valueName: "file"))
    var state: [String]

    @Option(parsing: .unconditional, help: "How many times to plan for each state, 1 to 1000000.")
    var iterations = 2000

    func validate() throws {
        try Bounds.check(iterations, Bounds.iterations, "--iterations")
    }

    func run() throws {
        let planner = try PlanInputs.load(rules: paths.isEmpty ? ["rules"] : paths, catalog: catalog.paths).planner
        let reader = StateReader(schema: planner.ruleSet.schema)
        let states = try state.map { path -> Data in
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure.message("cannot read '\(path)'") }
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
                    if explains { _ = try planner.plan(facts) } else { _ = try planner.plan(for: facts) }
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
