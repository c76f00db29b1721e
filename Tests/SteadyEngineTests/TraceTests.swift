import Testing
@testable import SteadyEngine
@testable import SteadyRules

/// The trace records every sub-expression value of a firing and the first failing condition
/// of every rule that did not fire, so explanations need no re-run.
struct TraceTests {
    static let yaml = schema + """
        rules:
          - {id: high, title: T, when: "stress >= 7", then: [{derive: high_stress}]}
          - {id: overload, title: T, when: "high_stress and pain + 1 > 5", then: [{derive: overloaded}]}
          - {id: sleepy, title: T, when: "sleep_hours < 6 and stress >= 2", then: [{recommend: nap}]}
          - {id: cope, title: T, when: ["t: trigger where t.intensity >= 8", "stress >= 1"], then: [{recommend: cope}]}
          - {id: off, title: T, enabled: false, when: "stress >= 0", then: [{recommend: x}]}
        """

    func firstRun() throws -> Run {
        var facts = FactBase(values: ["stress": .integer(8), "pain": .integer(6)])
        facts.add("trigger", ["name": .string("deadline"), "intensity": .integer(5)])
        return try run(Self.yaml, facts)
    }

    @Test func firingsRecordEverySubExpressionValue() throws {
        let run = try firstRun()
        let overload = try #require(run.firings.first { $0.rule == "overload" })
        #expect(overload.values.map { "\($0.text) = \($0.value)" } == [
            "high_stress = true",
            "pain + 1 > 5 = true", "pain + 1 = 7", "pain = 6", "1 = 1", "5 = 5",
        ])
        #expect(overload.reads == [
            FactRead(fact: "high_stress", value: .bool(true), provenance: .derived(firing: 0)),
            FactRead(fact: "pain", value: .integer(6), provenance: .input),
        ])
        #expect(overload.effects == [.derived(fact: "overloaded", value: .bool(true))])
        #expect(run.firings[0].values.map { "\($0.text) = \($0.value)" } == ["stress >= 7 = true", "stress = 8", "7 = 7"])
    }

    @Test func missesNameTheFirstFailingConditionWithValues() throws {
        let run = try firstRun()
        #expect(run.misses.keys.sorted() == ["cope", "off", "sleepy"])
        let sleepy = try #require(run.misses["sleepy"])
        #expect(sleepy.element == 0)
        #expect(sleepy.condition == "sleep_hours < 6")
        #expect(sleepy.value == .unknown(reason: "sleep_hours"))
        #expect(sleepy.values.map { "\($0.text) = \($0.value)" } == ["sleep_hours < 6 = unknown (sleep_hours)",
                                                                   "sleep_hours = unknown (sleep_hours)", "6 = 6"])
        let cope = try #require(run.misses["cope"])
        #expect(cope.element == 0)
        #expect(cope.condition == "t: trigger where t.intensity >= 8")
        #expect(cope.value == .bool(false))
        #expect(cope.values.map { "\($0.text) = \($0.value)" } == ["t.intensity >= 8 = false", "t.intensity = 5", "8 = 8"])
        #expect(run.misses["off"] == Miss(rule: "off", element: nil, condition: "the rule is disabled", value: .bool(false), values: []))
    }

    @Test func traceListsEventsInOrder() throws {
        let run = try firstRun()
        #expect(run.trace == [
            .input(fact: "pain", value: .integer(6)), .input(fact: "stress", value: .integer(8)),
            .fired(firing: 0), .asserted(fact: "high_stress", value: .bool(true), by: 0),
            .fired(firing: 1), .asserted(fact: "overloaded", value: .bool(true), by: 1),
        ])
    }

    @Test func explanationsCanBeTurnedOffForBatches() throws {
        let session = try Session(compile(Self.yaml), facts: FactBase(values: ["stress": .integer(8), "pain": .integer(6)]))
        session.explains = false
        let run = try session.run()
        #expect(run.firedRules == ["high", "overload"])
        #expect(run.firings.allSatisfy { $0.values.isEmpty && $0.reads.isEmpty })
        #expect(run.misses.isEmpty)
    }
}
