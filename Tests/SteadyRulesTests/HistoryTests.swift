import SteadyTestSupport
import Testing
@testable import SteadyRules

/// The history functions' semantics: gaps are skipped, never zero; windows count back from today.
struct HistoryTests {
    func result(_ function: HistoryFunction, _ values: [Value?]) -> Value {
        HistoryAggregate.result(function, values, text: "f")
    }

    @Test func averagesSkipMissingDays() {
        #expect(result(.avg, [.integer(8), nil, .integer(6), .unknown(reason: "stress")]) == .number(7))
        #expect(result(.avg, [nil, nil]) == .unknown(reason: "no history for f"))
        #expect(result(.min, [.integer(8), nil, .integer(6)]) == .integer(6))
        #expect(result(.max, [.number(5.5), .integer(6)]) == .number(6))
    }

    @Test func trendIsTheSlopePerDayAndNeedsTwoDays() {
        // Today 6, two days ago 4, four days ago 2: rising by 1 a day.
        #expect(result(.trend, [.integer(6), nil, .integer(4), nil, .integer(2)]) == .number(1))
        #expect(result(.trend, [.integer(3), .integer(5)]) == .number(-2))
        #expect(result(.trend, [.integer(3), nil]) == .unknown(reason: "too little history for f"))
    }

    @Test func countsAndStreaks() {
        let days: [Value?] = [.bool(true), .bool(true), nil, .bool(true), .unknown(reason: "x"), .bool(false)]
        #expect(result(.count, days) == .integer(3))
        #expect(result(.streak, days) == .integer(2))
        #expect(result(.streak, [.bool(false), .bool(true)]) == .integer(0))
        #expect(result(.count, []) == .integer(0))
    }

    /// The aggregate, fed one day at a time, equals each function's definition over the whole
    /// list of days (written here as plainly as possible), bit for bit, on random histories of
    /// integers, decimals, bools, unknowns and missing days.
    @Test func theRunningAggregateEqualsTheDefinitionOverAllDays() {
        var rng = Xorshift(seed: 2026)
        for _ in 0..<5_000 {
            let values: [Value?] = (0..<rng.next(12)).map { _ in
                switch rng.next(6) {
                case 0: nil
                case 1: .unknown(reason: "x")
                case 2: .bool(rng.next(3) > 0)
                case 3: .number(Double(rng.next(2_000)) / 7 - 100)
                default: .integer(rng.next(21) - 5)
                }
            }
            for function in [HistoryFunction.avg, .min, .max, .count, .trend, .streak] {
                #expect(result(function, values) == Self.definition(function, values), "\(function) of \(values)")
            }
        }
    }

    /// The history functions as defined on the whole list of days.
    static func definition(_ function: HistoryFunction, _ values: [Value?]) -> Value {
        switch function {
        case .count: return .integer(values.filter { $0 == .bool(true) }.count)
        case .streak: return .integer(values.prefix { $0 == .bool(true) }.count)
        case .avg, .min, .max, .trend:
            let known = values.enumerated().compactMap { offset, value in value?.numeric.map { (offset, $0) } }
            guard !known.isEmpty else { return .unknown(reason: "no history for f") }
            let numbers = known.map(\.1)
            let allIntegers = values.allSatisfy { value in if case .number? = value { false } else { true } }
            switch function {
            case .avg: return .number(numbers.reduce(0, +) / Double(numbers.count))
            case .min: return allIntegers ? .integer(Int(numbers.min()!)) : .number(numbers.min()!)
            case .max: return allIntegers ? .integer(Int(numbers.max()!)) : .number(numbers.max()!)
            default:
                guard known.count >= 2 else { return .unknown(reason: "too little history for f") }
                let xs = known.map { -Double($0.0) }, n = Double(known.count)
                let meanX = xs.reduce(0, +) / n, meanY = numbers.reduce(0, +) / n
                let sxx = xs.map { ($0 - meanX) * ($0 - meanX) }.reduce(0, +)
                let sxy = zip(xs, numbers).map { ($0 - meanX) * ($1 - meanY) }.reduce(0, +)
                return .number(sxy / sxx)
            }
        }
    }

    @Test func historyFunctionsMayNotReadDerivedFacts() {
        let result = load(ruleFile(when: "\"streak(calm) >= 3\"", facts: "  calm: {type: bool, derived: true}"))
        #expect(result.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue) \($0.span!.start) \($0.message)" }
            == ["SR0405 17:19 history functions read earlier check-ins' answers; 'calm' is derived by rules"])
    }
}
