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

    @Test func historyFunctionsMayNotReadDerivedFacts() {
        let result = load(ruleFile(when: "\"streak(calm) >= 3\"", facts: "  calm: {type: bool, derived: true}"))
        #expect(result.diagnostics.filter { $0.severity == .error }.map { "\($0.code.rawValue) \($0.span!.start) \($0.message)" }
            == ["SR0405 17:19 history functions read earlier check-ins' answers; 'calm' is derived by rules"])
    }
}
