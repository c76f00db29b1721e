import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyRules

/// Patient states are typed by the schema; every bad field is reported by name and position.
struct StateReaderTests {
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

    var reader: StateReader { StateReader(schema: Self.ruleSet.schema) }

    @Test func readsEveryKindOfFieldFromYAML() throws {
        let read = reader.read(Data("""
            date: 2026-11-24
            stress: 8
            sleep_hours: 6.5
            flag: true
            pain: ~
            triggers: [deadline, caffeine, deadline]
            work: {context: remote}
            trigger:
              - {name: deadline, intensity: 7}
              - {name: "7"}
            """.utf8), path: "s.yaml")
        #expect(read.diagnostics.isEmpty)
        let facts = try #require(read.facts)
        #expect(facts.values == ["date": .date(Day(iso: "2026-11-24")!.daysSinceEpoch), "stress": .integer(8),
                                 "sleep_hours": .number(6.5), "flag": .bool(true), "triggers": .set(["caffeine", "deadline"]),
                                 "work.context": .string("remote")])
        #expect(facts.instances == ["trigger": [["name": .string("deadline"), "intensity": .integer(7)], ["name": .string("7")]]])
        #expect(facts.today == Day(iso: "2026-11-24"))
    }

    @Test func reportsEveryBadFieldWithItsPosition() {
        let read = reader.read(Data("""
            date: 2026-02-30
            stress: 11
            pain: "4"
            flag: yes
            stres: 3
            high_stress: true
            triggers: [deadlines]
            work: {contxt: office}
            trigger:
              - {nam: x}
            """.utf8), path: "s.yaml")
        #expect(read.facts == nil)
        #expect(read.diagnostics.map { "\($0.span!.start) \($0.code.rawValue) \($0.message)" + ($0.hint.map { " | \($0)" } ?? "") } == [
            "1:7 SR0602 'date' must be a date (YYYY-MM-DD)",
            "2:9 SR0603 'stress' is out of range (0..10)",
            "3:7 SR0602 'pain' must be a whole number",
            "4:7 SR0602 'flag' must be true or false",
            "5:1 SR0601 unknown field 'stres' | did you mean 'stress'?",
            "6:1 SR0604 'high_stress' is worked out by the rules and cannot be given | remove it from the state",
            "7:12 SR0602 each entry of 'triggers' must be one of: deadline, caffeine, poor_sleep | did you mean 'deadline'?",
            "8:8 SR0601 unknown field 'work.contxt' | did you mean 'context'?",
            "10:6 SR0601 unknown field 'trigger[0].nam' | did you mean 'name'?",
            "10:5 SR0605 'trigger[0]' is missing its required field 'name'",
        ])
    }

    @Test func requiredFieldsMustBeGiven() {
        let read = reader.read(Data("stress: 3\n".utf8), path: "s.yaml")
        #expect(read.diagnostics.map { "\($0.span!.start) \($0.code.rawValue) \($0.message)" } == ["1:1 SR0605 required field 'date' is missing"])
    }

    @Test func readsJSONLinesAndNamesTheLine() throws {
        let good = reader.read(jsonLine: Data(#"{"date": "2026-11-24", "stress": 8, "flag": false, "triggers": ["poor_sleep"]}"#.utf8),
                               path: "batch.jsonl", line: 3)
        #expect(try #require(good.facts).values["flag"] == .bool(false))
        let bad = reader.read(jsonLine: Data(#"{"date": "2026-11-24", "stress": 7.5, "flag": 1}"#.utf8), path: "batch.jsonl", line: 4)
        #expect(bad.diagnostics.map { "\($0.span!.file):\($0.span!.start) \($0.message)" }
            == ["batch.jsonl:4:1 'flag' must be true or false", "batch.jsonl:4:1 'stress' must be a whole number"])
        let broken = reader.read(jsonLine: Data(#"{"stress": "#.utf8), path: "batch.jsonl", line: 9)
        #expect(broken.diagnostics.map(\.message) == ["line 9 is not valid JSON"])
        // A repeated key is an error, as in a state file (not "the last one counts").
        let repeated = reader.read(jsonLine: Data(#"{"stress": 2, "date": "2026-11-24", "stress": 9}"#.utf8), path: "b.jsonl", line: 1)
        #expect(repeated.facts == nil)
        #expect(repeated.diagnostics.map { "\($0.code.rawValue) \($0.message)" } == ["SR0105 duplicate key 'stress'"])
        // A whole number written with a fraction or an exponent is not a whole number.
        for spelling in ["7.0", "1e1", "0.1e-400", "70E-1"] {
            let written = reader.read(jsonLine: Data(#"{"date": "2026-11-24", "stress": \#(spelling)}"#.utf8), path: "b.jsonl", line: 1)
            #expect(written.diagnostics.map(\.message) == ["'stress' must be a whole number"], "\(spelling)")
        }
    }

    /// The batch's fast reader puts into slots exactly what the full reader gives: a set sorted
    /// and without repeats, a record's fields, the state's day.
    @Test func slotReaderGivesTheFullReadersValues() throws {
        let slots = SlotTable(schema: Self.ruleSet.schema)
        let line = #"{"date": "2026-11-24", "stress": 8, "sleep_hours": 6.5, "triggers": ["poor_sleep", "deadline", "caffeine", "deadline"], "work": {"context": "remote"}}"#
        let facts = try #require(reader.read(jsonLine: Data(line.utf8), path: "b.jsonl", line: 1).facts)
        var values = slots.initialValues
        let today = SlotReader(schema: Self.ruleSet.schema, slots: slots).read(Array(line.utf8), in: 0..<line.utf8.count, into: &values)
        #expect(today == .some(facts.today?.daysSinceEpoch))
        #expect(values[slots.slotOf["triggers"]!] == .set(["caffeine", "deadline", "poor_sleep"]))
        for (name, value) in facts.values { #expect(values[slots.slotOf[name]!] == value, "\(name)") }
    }

    /// The batch reads each line into the slots the line before it left (its input and its
    /// derived facts): every slot the line does not give, a null among them, is set back to its
    /// starting value, so a line reads the same whatever came before it.
    @Test func slotReaderSetsEverySlotWhateverItHeldBefore() throws {
        let slots = SlotTable(schema: Self.ruleSet.schema), reader = SlotReader(schema: Self.ruleSet.schema, slots: slots)
        let lines = [
            #"{"date": "2026-11-24", "stress": 8, "sleep_hours": 6.5, "triggers": ["poor_sleep", "deadline"], "work": {"context": "remote"}}"#,
            #"{"date": "2026-11-25", "stress": null, "triggers": [], "work": null}"#,
            #"{"date": "2026-11-26", "pain": 3}"#,
        ]
        func read(_ line: String, into values: inout [Value]) -> Int?? {
            reader.read(Array(line.utf8), in: 0..<line.utf8.count, into: &values)
        }
        for line in lines {
            var fresh = slots.initialValues
            let day = try #require(read(line, into: &fresh))
            // Slots holding anything at all: a value of no slot's type, or what another line gave.
            var garbage = [Value](repeating: .integer(-1), count: slots.initialValues.count)
            #expect(read(line, into: &garbage) == .some(day))
            #expect(garbage == fresh, "\(line)")
            for other in lines {
                var left = slots.initialValues
                _ = read(other, into: &left)
                #expect(read(line, into: &left) == .some(day))
                #expect(left == fresh, "\(line) after \(other)")
            }
        }
    }

    /// Keys are found through buckets of their length, first and last byte; among many fields,
    /// keys that share a bucket, or all three, are told apart by name, and a key of no field
    /// sends the line to the full reader.
    @Test func slotReaderFindsEachOfManyFieldsByName() throws {
        let names = (0..<300).map { "f\($0)" }
        let yaml = "ruleset: many\nversion: 1\nfacts:\n  date: {type: date}\n" + names.map { "  \($0): {type: integer}\n" }.joined() + "rules: []\n"
        let ruleSet = try #require(RuleLoader().load(sources: [("m.yaml", Data(yaml.utf8))]).ruleSet)
        let slots = SlotTable(schema: ruleSet.schema), reader = SlotReader(schema: ruleSet.schema, slots: slots)
        // "f10" and "f20" share length, first and last byte: only their names tell them apart.
        let line = "{" + names.enumerated().reversed().map { #""\#($1)": \#($0 * 7)"# }.joined(separator: ", ") + "}"
        var values = slots.initialValues
        #expect(reader.read(Array(line.utf8), in: 0..<line.utf8.count, into: &values) == .some(nil))
        for (index, name) in names.enumerated() { #expect(values[slots.slotOf[name]!] == .integer(index * 7), "\(name)") }
        for unknown in ["f300", "g0", "f", "F10", "date2"] {
            let line = #"{"f1": 1, "\#(unknown)": 2}"#
            var values = slots.initialValues
            #expect(reader.read(Array(line.utf8), in: 0..<line.utf8.count, into: &values) == nil, "\(unknown)")
        }
        // Among a few fields, each has a bucket of its own; a key that shares a field's length,
        // first and last byte is still not that field.
        let few = SlotTable(schema: Self.ruleSet.schema)
        for unknown in ["strass", "pawn", "fig", "sleep_hoars", "tragic_ss"] {
            let line = #"{"date": "2026-11-24", "\#(unknown)": 2}"#
            var values = few.initialValues
            #expect(SlotReader(schema: Self.ruleSet.schema, slots: few).read(Array(line.utf8), in: 0..<line.utf8.count, into: &values) == nil,
                    "\(unknown)")
        }
    }

    @Test func jsonFilesReadAsYAMLWithPositions() {
        let read = reader.read(Data("{\n  \"date\": \"2026-11-24\",\n  \"stress\": 12\n}\n".utf8), path: "s.json")
        #expect(read.diagnostics.map { "\($0.span!.start) \($0.code.rawValue)" } == ["3:13 SR0603"])
    }
}
