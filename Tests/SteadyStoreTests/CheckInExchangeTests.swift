import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules
@testable import SteadyStore

/// Import and export of check-ins as CSV and JSON, and the flat (flag / CSV cell) form of a state.
struct CheckInExchangeTests {
    let store = StoreTests()

    @Test func flatCellsAreTypedByTheSchemaAndNestedIntoRecords() throws {
        let reader = StateReader(schema: try #require(try store.shipped().ruleSet).schema)
        let cells = [("date", "2026-11-24"), ("stress", "8"), ("sleep.hours", "5.5"), ("triggers", "deadline_x;poor_sleep"),
                     ("pt.done_today", "true"), ("pain", "")].map { FlatState.Cell(name: $0.0, text: $0.1) }
        let bad = FlatState.read(cells, reader: reader, path: "flags", line: 1)
        #expect(bad.diagnostics.map(\.message) == ["each entry of 'triggers' must be one of: stress_event, anxiety_social_exposure, poor_sleep, fatigue, prolonged_static_posture, screen_desk_work, reading, driving_long, walking_long, carrying_shoulder_bag, illness, cold, caffeine, alcohol, other"])
        let good = FlatState.read(cells.map { $0.name == "triggers" ? .init(name: "triggers", text: "reading, poor_sleep") : $0 },
                                  reader: reader, path: "flags", line: 1)
        let facts = try #require(good.facts)
        #expect(facts.values == ["date": .date(Day(iso: "2026-11-24")!.daysSinceEpoch), "stress": .integer(8), "sleep.hours": .number(5.5),
                                 "triggers": .set(["poor_sleep", "reading"]), "pt.done_today": .bool(true)])
        #expect(FlatState.cells(facts, columns: ["date", "pain", "sleep.hours", "triggers"]) == ["2026-11-24", "", "5.5", "poor_sleep;reading"])
    }

    @Test func csvCellsNeverStartAFormulaAndReadBackAsWritten() {
        let samples = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-cmd", "@SUM(A1)", "\tx", "\rx", "'", "''", "'=a", "'5", "-1", "-2.5",
                       "plain", "", "a=b", "é=", "=", "@"]
        for text in samples {
            let written = CheckInExchange.guarded(text)
            #expect(CheckInExchange.unguarded(written) == text, "\(text)")
            if let first = written.first, "=+-@\t\r".contains(first) { #expect(Double(written) != nil, "\(written) could start a formula") }
        }
        #expect(CheckInExchange.guarded("=1+1") == "'=1+1")
        #expect(CheckInExchange.guarded("-1") == "-1")
    }

    @Test func csvHandlesQuotesCommasAndLineBreaks() {
        let rows = CSV.rows("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3")
        #expect(rows.map(\.line) == [1, 2, 4])
        #expect(rows.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]])
    }

    @Test(arguments: CheckInExchange.Format.allCases)
    func exportThenImportGivesTheSameCheckIns(_ format: CheckInExchange.Format) throws {
        let source = try store.open(store.scratch())
        let schema = try #require(try store.shipped().ruleSet).schema
        try source.checkIn(patient: "p1", facts: store.facts("2026-11-23", ["stress": .integer(8), "triggers": .set(["poor_sleep", "reading"]),
                                                                           "work.context": .string("desk_office")], schema: schema))
        try source.checkIn(patient: "p1", facts: store.facts("2026-11-24", ["sleep.hours": .number(6.5)], schema: schema))
        try source.checkIn(patient: "p-2", facts: store.facts("2026-11-24", ["pain": .integer(3)], schema: schema))
        let reader = StateReader(schema: schema)
        let exported = try #require(CheckInExchange.write(try source.allCheckIns(), format: format, reader: reader))
        let read = CheckInExchange.read(exported, format: format, path: "export", patient: nil, reader: reader)
        #expect(read.problems == [])
        let target = try store.open(store.scratch())
        try target.checkIns(read.checkIns)
        #expect(try target.allCheckIns().map { "\($0.patient) \($0.day) \($0.state)" } == (try source.allCheckIns()).map { "\($0.patient) \($0.day) \($0.state)" })
        #expect(CheckInExchange.write(try target.allCheckIns(), format: format, reader: reader) == exported)
    }

    @Test func everyBadRowIsNamedAndNothingIsReturnedForIt() throws {
        let reader = StateReader(schema: try #require(try store.shipped().ruleSet).schema)
        let csv = "date,stress,sleep.hours,mood\n2026-11-01,5,7,\n2026-11-02,11,7,\n2026-11-03,4,x,\n2026-11-04,4\n2026-11-05,4,7,good\n"
        let read = CheckInExchange.read(csv, format: .csv, path: "in.csv", patient: "p1", reader: reader)
        #expect(read.checkIns.map { $0.facts.today!.description } == ["2026-11-01"])
        #expect(read.problems == [
            "in.csv:3: 'stress' is out of range (0..10)",
            "in.csv:4: 'sleep.hours' must be a number",
            "in.csv:5: 2 cells, the header has 4",
            "in.csv:6: unknown field 'mood' (fields: bont, date, driving_today, fatigue, gad2, global_rating, minutes_available, pain, phq2, posture, pt, red_flags, relievers, sensory_trick, sleep, social, stress, triggers, work)",
        ])
        let json = CheckInExchange.read(#"[{"date": "2026-11-01"}, 3, {"patient": "p2", "stress": 2}]"#, format: .json, path: "in.json",
                                        patient: nil, reader: reader)
        #expect(json.problems == ["in.json: item 1: no patient", "in.json: item 2: not a state (a JSON object)", "in.json: item 3: required field 'date' is missing (add 'date:')"])
    }

    @Test func laterPlansSeeWhatEarlierStoredPlansSuggested() throws {
        let (db, stored, _) = try store.storedPlan()
        let day = Day(iso: "2026-11-25")!
        let suggested = try db.suggested(patient: "p1", before: day, days: 30)
        let items = try #require(PlanRecord.decode(stored.record)).actions
        #expect(!items.isEmpty)
        #expect(suggested == [Day(iso: "2026-11-24")!: Set(items)])
        #expect(try db.suggested(patient: "p1", before: day, days: 0) == [:])
    }
}
