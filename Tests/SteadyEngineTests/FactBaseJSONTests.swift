import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyRules

/// Patient states from JSON are typed by the schema; a bad field is named.
struct FactBaseJSONTests {
    static let ruleSet: RuleSet = {
        let yaml = schema + """
              date: {type: date, required: true}
              work:
                type: record
                fields: {context: {type: enum, values: [office, remote]}}
            rules: []
            """
        return RuleLoader().load(sources: [("s.yaml", Data(yaml.utf8))]).ruleSet!
    }()

    func decode(_ json: String) throws(StateError) -> FactBase {
        try FactBase(json: Data(json.utf8), schema: Self.ruleSet.schema)
    }

    @Test func typesEveryKindOfField() throws {
        let facts = try decode("""
            {"date": "2026-11-24", "stress": 8, "sleep_hours": 6, "flag": true, "pain": null,
             "triggers": ["deadline", "caffeine", "deadline"], "work": {"context": "remote"},
             "trigger": [{"name": "deadline", "intensity": 7}, {"name": "noise"}]}
            """)
        #expect(facts.values == ["date": .date(Day(iso: "2026-11-24")!.daysSinceEpoch), "stress": .integer(8),
                                 "sleep_hours": .number(6), "flag": .bool(true), "triggers": .set(["caffeine", "deadline"]),
                                 "work.context": .string("remote")])
        #expect(facts.instances == ["trigger": [["name": .string("deadline"), "intensity": .integer(7)], ["name": .string("noise")]]])
        #expect(facts.today == Day(iso: "2026-11-24"))
    }

    @Test(arguments: [
        (#"{"stress": 11}"#, "stress: 11 is above the maximum 10"),
        (#"{"stress": -1}"#, "stress: -1 is below the minimum 0"),
        (#"{"stress": 7.5}"#, "stress: expected integer"),
        (#"{"stress": "8"}"#, "stress: expected integer"),
        (#"{"flag": 1}"#, "flag: expected bool"),
        (#"{"stres": 8}"#, "stres: not an input of this rule set; did you mean 'stress'?"),
        (#"{"high_stress": true}"#, "high_stress: is derived by rules and cannot be given as input"),
        (#"{"triggers": ["deadlines"]}"#, "triggers: each entry must be one of deadline, caffeine, poor_sleep"),
        (#"{"work": {"contxt": "office"}}"#, "work.contxt: unknown field; did you mean 'context'?"),
        (#"{"work": {"context": "home"}}"#, "work.context: 'home' is not one of office, remote"),
        (#"{"trigger": [{"nam": "x"}]}"#, "trigger[0].nam: unknown field; did you mean 'name'?"),
        (#"{"date": "2026-02-30"}"#, "date: '2026-02-30' is not a date (YYYY-MM-DD)"),
        (#"[1, 2]"#, "(state): expected a JSON object"),
        (#"{"stress": "#, "(state): not valid JSON"),
    ])
    func rejectsBadFieldsByName(_ json: String, _ message: String) {
        #expect(throws: StateError.self) { try decode(json) }
        do { _ = try decode(json) } catch { #expect(error.description == message) }
    }
}
