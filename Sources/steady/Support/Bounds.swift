import ArgumentParser
import SteadyRules

/// The bounds of every numeric option: a value outside them is a usage error (exit 2) that
/// names the option and its range, before any work starts. (Options read negative numbers as
/// values, `parsing: .unconditional`, so `--jobs -1` is out of range rather than a missing value.)
enum Bounds {
    static let jobs = 1...256
    static let days = 1...3650
    static let iterations = 1...1_000_000
    static let repeats = 1...1_000
    static let patients = 1...1_000_000
    static let diagnostics = 0...100_000
    static let work = PlanPolicy.workRange

    /// Throws a usage error unless `value` is in `range`.
    static func check(_ value: Int, _ range: ClosedRange<Int>, _ option: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be \(range.lowerBound) to \(range.upperBound); got \(value)")
        }
    }
}
