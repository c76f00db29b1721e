/// The semantics of the history functions, shared by every evaluator: each gathers the value of
/// the function's argument on each day of the window (today first, then yesterday, ...), and
/// this turns those values into the result.
///
/// - Days without a check-in are `nil` and are skipped; they never count as zero.
/// - `avg`, `min`, `max`: over the days with a known value; unknown when there is none.
/// - `trend`: the least-squares slope per day (positive: rising), over days with a known value;
///   unknown with fewer than two.
/// - `count`: the number of days on which the condition is true (missing or unknown days are
///   not counted).
/// - `streak`: how many days in a row, ending today, the condition is true; a missing day, a
///   false or an unknown ends the streak.
public enum HistoryAggregate {
    /// `values[k]` is the value `k` days before today (`nil`: no check-in that day).
    public static func result(_ function: HistoryFunction, _ values: [Value?], text: String) -> Value {
        switch function {
        case .count:
            return .integer(values.filter { $0 == .bool(true) }.count)
        case .streak:
            return .integer(values.prefix { $0 == .bool(true) }.count)
        case .avg, .min, .max, .trend:
            let known = values.enumerated().compactMap { offset, value in value?.numeric.map { (offset, $0) } }
            guard !known.isEmpty else { return .unknown(reason: "no history for \(text)") }
            let numbers = known.map(\.1)
            let allIntegers = values.allSatisfy { value in if case .number? = value { false } else { true } }
            switch function {
            case .avg: return .number(numbers.reduce(0, +) / Double(numbers.count))
            case .min: return allIntegers ? .integer(Int(numbers.min()!)) : .number(numbers.min()!)
            case .max: return allIntegers ? .integer(Int(numbers.max()!)) : .number(numbers.max()!)
            default:
                guard known.count >= 2 else { return .unknown(reason: "too little history for \(text)") }
                // Day position x = -offset, so a rising series has a positive slope.
                let xs = known.map { -Double($0.0) }, n = Double(known.count)
                let meanX = xs.reduce(0, +) / n, meanY = numbers.reduce(0, +) / n
                let sxx = xs.map { ($0 - meanX) * ($0 - meanX) }.reduce(0, +)
                let sxy = zip(xs, numbers).map { ($0 - meanX) * ($1 - meanY) }.reduce(0, +)
                return .number(sxy / sxx)
            }
        }
    }

    /// Whether the days before the one that gave `value` no longer matter: a streak ends at the
    /// first day it does not hold (or has no check-in), so a history reaching years back costs
    /// no more than the streak itself.
    public static func ends(_ function: HistoryFunction, at value: Value?) -> Bool {
        function == .streak && value != .bool(true)
    }

    /// How many days a function looks at: its window, or the whole history for `streak`.
    public static func days(_ window: Int?, available: Int) -> Int {
        window ?? (available + 1)
    }
}
