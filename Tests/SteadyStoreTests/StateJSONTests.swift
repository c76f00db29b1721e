import Foundation
import SteadyTestSupport
import Testing
@testable import SteadyEngine
@testable import SteadyRules
@testable import SteadyStore

/// The JSON a check-in, a plan's state and its history are stored as reads back to the same
/// facts, for random valid states of the shipped schema, and is the JSON `JSONSerialization`
/// reads as the same object.
struct StateJSONTests {
    let support = StoreTests()

    @Test func randomStatesAndHistoriesReadBackUnchanged() throws {
        let schema = try #require(try support.shipped().ruleSet).schema
        let reader = StateReader(schema: schema)
        let today = Day(iso: "2026-11-24")!
        var rng = Xorshift(seed: 20261203)
        for index in 0..<500 {
            var facts = RandomState.facts(schema, today: today, rng: &rng)
            let text = StateJSON.encode(facts)
            #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any], "\(index): \(text)")
            let read = reader.read(jsonLine: Data(text.utf8), path: "state", line: 1)
            #expect(read.facts?.values == facts.values, "\(index): \(text) \(read.diagnostics.map(\.message))")
            // As a day of history, with the actions of that day's plan and those marked done.
            let day = Day(today.daysSinceEpoch - 1 - index % 30)
            facts.history = [day: RandomState.facts(schema, today: day, rng: &rng).values]
            facts.suggested = index % 2 == 0 ? [day: ["walking", "heat_pack"]] : [:]
            facts.done = index % 3 == 0 ? [day: ["walking"]] : [:]
            var back = FactBase()
            try Store.readHistory(Store.historyJSON(facts), into: &back, reader: reader)
            #expect(back.history == facts.history && back.suggested == facts.suggested && back.done == facts.done, "\(index)")
        }
    }

    @Test func textIsEscapedAndNumbersAreShortest() {
        let facts = FactBase(values: ["note": .string("a \"b\"\n\\c é"), "sleep.hours": .number(6.5), "sleep.quality": .integer(3),
                                      "ratio": .number(0.00001), "skipped": .unknown(reason: "skipped")])
        #expect(StateJSON.encode(facts) == #"{"note":"a \"b\"\n\\c é","ratio":1e-05,"skipped":null,"sleep":{"hours":6.5,"quality":3}}"#)
    }
}
