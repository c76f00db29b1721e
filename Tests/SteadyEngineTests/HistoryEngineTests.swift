import Testing
@testable import SteadyEngine
@testable import SteadyRules

/// History functions in the engine: compiled evaluation over earlier check-ins, recorded in the trace.
struct HistoryEngineTests {
    static let yaml = schema + """
        rules:
          - {id: calm-week, title: T, when: "avg(stress, 3d) <= 3", then: [{recommend: walk, reason: "avg {avg(stress, 3d)}"}]}
          - {id: tense-days, title: T, when: "streak(stress >= 7) >= 2", then: [{recommend: breathe}]}
          - {id: sore-days, title: T, when: "count(pain >= 7, 7d) >= 2", then: [{recommend: rest}]}
        """

    func facts(_ today: [String: Value], _ past: [(String, [String: Value])]) -> FactBase {
        var values = today
        values["date"] = nil
        return FactBase(values: values, today: Day(iso: "2026-11-24"),
                        history: Dictionary(uniqueKeysWithValues: past.map { (Day(iso: $0.0)!, $0.1) }))
    }

    @Test func evaluatesOverEarlierCheckIns() throws {
        let result = try run(Self.yaml, facts(["stress": .integer(8), "pain": .integer(7)], [
            ("2026-11-23", ["stress": .integer(7), "pain": .integer(2)]),
            ("2026-11-21", ["stress": .integer(1), "pain": .integer(9)]),
            ("2026-11-10", ["pain": .integer(9)]),
        ]))
        #expect(result.firedRules == ["sore-days", "tense-days"])
        let calm = try #require(result.misses["calm-week"])
        #expect(calm.values.first == ExpressionValue(id: calm.values.first!.id, text: "avg(stress, 3d) <= 3", value: .bool(false)))
        #expect(calm.values.map(\.value).contains(.number(7.5)))
    }

    @Test func aGapEndsAStreakAndIsNotCountedAsZero() throws {
        let result = try run(Self.yaml, facts(["stress": .integer(8)], [
            ("2026-11-22", ["stress": .integer(9)]),
            ("2026-11-21", ["stress": .integer(0)]),
        ]))
        #expect(result.firedRules.isEmpty)
        // Over 3 days: today 8, the 23rd missing (skipped, not zero), the 22nd 9 → 8.5, not 17 / 3.
        #expect(result.misses["calm-week"]?.values.map(\.value).contains(.number(8.5)) == true)
    }

    @Test func historyDoesNotReachPastTheWindow() throws {
        let result = try run(Self.yaml, facts(["pain": .integer(8)], [("2026-11-17", ["pain": .integer(9)])]))
        #expect(result.firedRules == [])
        let wider = try run(Self.yaml, facts(["pain": .integer(8)], [("2026-11-18", ["pain": .integer(9)])]))
        #expect(wider.firedRules == ["sore-days"])
    }

    /// A streak stops at its first missing day: a history entry a billion days back (a FHIR
    /// Bundle with a far-off date found by the fuzzer) costs nothing, where every day of the gap
    /// was once visited (and a gap this wide would not fit in memory).
    @Test func aStreakOverAFarReachingHistoryStopsAtItsFirstGap() throws {
        var far = facts(["stress": .integer(8)], [("2026-11-23", ["stress": .integer(9)])])
        far.history[Day(Day(iso: "2026-11-24")!.daysSinceEpoch - 1_000_000_000)] = ["stress": .integer(9)]
        let start = ContinuousClock.now
        let result = try run(Self.yaml, far)
        #expect(result.firedRules == ["tense-days"])
        // Not a speed goal: a loop over the gap's billion days takes seconds, stopping at it microseconds.
        #expect(ContinuousClock.now - start < .seconds(1))
        func ended(_ function: HistoryFunction, after value: Value?) -> Bool {
            var aggregate = HistoryAggregate(function)
            aggregate.add(value)
            return aggregate.ended
        }
        #expect(ended(.streak, after: nil) && ended(.streak, after: .bool(false)))
        #expect(!ended(.streak, after: .bool(true)) && !ended(.count, after: nil))
    }
}
