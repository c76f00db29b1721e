import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

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

    @Option(name: .customLong("repeat"), parsing: .unconditional, help: "How many times to load, 1 to 1000.")
    var times = 3

    func validate() throws {
        try Bounds.check(times, Bounds.repeats, "--repeat")
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
