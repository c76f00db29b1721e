/// The semantics of the history functions, shared by every evaluator: each gathers the value of
/// the function's argument on each day of the window (today first, then yesterday, ...), and
/// this turns those values into the result, one day at a time, so no evaluator needs an array
/// of the days' values.
///
/// - Days without a check-in are `nil` and are skipped; they never count as zero.
/// - `avg`, `min`, `max`: over the days with a known value; unknown when there is none.
/// - `trend`: the least-squares slope per day (positive: rising), over days with a known value;
///   unknown with fewer than two.
/// - `count`: the number of days on which the condition is true (missing or unknown days are
///   not counted).
/// - `streak`: how many days in a row, ending today, the condition is true; a missing day, a
///   false or an unknown ends the streak.
///
/// ```swift
/// var aggregate = HistoryAggregate(.count)
/// for value in values {
///     if aggregate.ended { break }   // break, not `where`: a long history is not walked to its end
///     aggregate.add(value)
/// }
/// let result = aggregate.result(.init(text: "count(pain >= 4, 7d)"))
/// ```
public struct HistoryAggregate {
    public let function: HistoryFunction
    /// How many days were added: the next one is that many days before today.
    private var days = 0
    /// `count`: the days the condition held; `streak`: the length of the streak so far.
    private var holds = 0
    /// `avg`, `min`, `max`: the known values' count, sum and extremes, and whether every value
    /// so far was an integer (a `min` or `max` of integers is an integer).
    private var known = 0, sum = 0.0, least = Double.infinity, most = -Double.infinity
    private var allIntegers = true
    /// `trend`: the known values and how many days before today each was. Only `trend` needs
    /// the values themselves (its slope is computed about their means, in two passes).
    private var points: [(daysAgo: Int, value: Double)] = []
    /// Whether the days still to come can no longer change the result: a streak ends at the
    /// first day it does not hold (or has no check-in), so a history reaching years back
    /// costs no more than the streak itself.
    public private(set) var ended = false

    public init(_ function: HistoryFunction) {
        self.function = function
    }

    /// Adds the next day's value, today's first (`nil`: no check-in that day).
    public mutating func add(_ value: Value?) {
        defer { days += 1 }
        switch function {
        case .count:
            if value == .bool(true) { holds += 1 }
        case .streak:
            guard !ended else { return }
            if value == .bool(true) { holds += 1 } else { ended = true }
        case .avg, .min, .max, .trend:
            if case .number? = value { allIntegers = false }
            guard let number = value?.numeric else { return }
            if function == .trend {
                points.append((days, number))
                return
            }
            known += 1
            sum += number
            least = Swift.min(least, number)
            most = Swift.max(most, number)
        }
    }

    /// The unknowns a call gives without enough history, named by the call as written: made
    /// once per call site by an evaluator that runs the call for state after state, so that an
    /// unknown result formats no text.
    public struct Unknowns: Sendable {
        /// No day with a known value.
        let none: Value
        /// One day with a known value, where `trend` needs two.
        let tooLittle: Value

        public init(text: String) {
            none = .unknown(reason: "no history for \(text)")
            tooLittle = .unknown(reason: "too little history for \(text)")
        }
    }

    /// The function's value over the days added; `unknowns` when there is too little history.
    public func result(_ unknowns: Unknowns) -> Value {
        switch function {
        case .count, .streak:
            return .integer(holds)
        case .avg, .min, .max:
            guard known > 0 else { return unknowns.none }
            switch function {
            case .avg: return .number(sum / Double(known))
            case .min: return allIntegers ? .integer(Int(least)) : .number(least)
            default: return allIntegers ? .integer(Int(most)) : .number(most)
            }
        case .trend:
            guard !points.isEmpty else { return unknowns.none }
            guard points.count >= 2 else { return unknowns.tooLittle }
            // Day position x = -daysAgo, so a rising series has a positive slope.
            let n = Double(points.count)
            let meanX = points.reduce(0) { $0 - Double($1.daysAgo) } / n, meanY = points.reduce(0) { $0 + $1.value } / n
            var sxx = 0.0, sxy = 0.0
            for point in points {
                let dx = -Double(point.daysAgo) - meanX
                sxx += dx * dx
                sxy += dx * (point.value - meanY)
            }
            return .number(sxy / sxx)
        }
    }

    /// The function over `values`, where `values[k]` is the value `k` days before today
    /// (`nil`: no check-in that day).
    public static func result(_ function: HistoryFunction, _ values: [Value?], text: String) -> Value {
        var aggregate = HistoryAggregate(function)
        for value in values {
            if aggregate.ended { break }
            aggregate.add(value)
        }
        return aggregate.result(.init(text: text))
    }

    /// How many days a function looks at, today included: its window, or the whole history for
    /// `streak`, and never further back than the earliest check-in (`available` days before
    /// today), since an earlier day has none.
    public static func days(_ window: Int?, available: Int) -> Int {
        Swift.min(window ?? (available + 1), available + 1)
    }
}
