import ArgumentParser
import Foundation

/// `steady bench`: measurements that belong in benchmarks, not in timed tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure load, compile and evaluation speed.",
        subcommands: [LoadBench.self, EngineBench.self, LatencyBench.self, StoreBench.self]
    )
}
