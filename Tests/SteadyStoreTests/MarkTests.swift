import Foundation
import GRDB
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules
@testable import SteadyStore

/// A patient's marks on their plan items: stored and audited change by change, read back as
/// the day's marks, and as `done` for the next days' plans, whose replay sees them too.
struct MarkTests {
    let support = StoreTests()

    @Test func marksAreSetClearedAndExcludeEachOther() throws {
        let (store, stored, _) = try support.storedPlan()
        let action = try #require(PlanRecord.decode(stored.record)?.actions.first)
        let entries = try store.verifyAudit().entries
        #expect(try store.setMarks([.done: true], action: action, planID: stored.id) == [action: [.done]])
        #expect(try store.setMarks([.notForMe: true], action: action, planID: stored.id) == [action: [.done, .notForMe]])
        // Helpful clears "not for me"; setting a mark that is set stores nothing.
        #expect(try store.setMarks([.helpful: true], action: action, planID: stored.id) == [action: [.done, .helpful]])
        #expect(try store.setMarks([.helpful: true], action: action, planID: stored.id) == [action: [.done, .helpful]])
        #expect(try store.setMarks([.done: false], action: action, planID: stored.id) == [action: [.helpful]])
        #expect(try store.marks(patient: "p1", day: stored.day) == [action: [.helpful]])
        let audit = try store.verifyAudit()
        #expect(audit.problem == nil && audit.entries == entries + 5, "done, not for me, helpful + not for me off, done off")
    }

    @Test func onlyAnItemOfThePlanCanBeMarked() throws {
        let (store, stored, _) = try support.storedPlan()
        #expect(throws: StoreError.notFound("an item 'juggling' in plan \(stored.id)")) {
            try store.setMarks([.done: true], action: "juggling", planID: stored.id)
        }
        #expect(throws: StoreError.notFound("plan 99")) { try store.setMarks([.done: true], action: "walking", planID: 99) }
        #expect(try store.marks(patient: "p1", day: stored.day).isEmpty)
    }

    @Test func theNextDaysSeeWhatWasDoneAndReplayIt() throws {
        let (store, stored, _) = try support.storedPlan()
        let action = try #require(PlanRecord.decode(stored.record)?.actions.first)
        try store.setMarks([.done: true], action: action, planID: stored.id)
        let loaded = try support.shipped()
        let planner = try #require(Planner(loaded))
        let schema = planner.ruleSet.schema
        try store.checkIn(patient: "p1", facts: support.facts("2026-11-25", ["stress": .integer(4)], schema: schema))
        let day = try store.patientDay(patient: "p1", day: Day(iso: "2026-11-25")!, schema: schema)
        #expect(day.facts.done == [stored.day: [action]])
        // A window that starts after the marked day does not see it.
        let later = try store.done(patient: "p1", from: Day(iso: "2026-11-25")!, through: Day(iso: "2026-12-01")!)
        #expect(later.isEmpty)
        let next = try store.storePlan(patient: "p1", facts: day.facts, planned: planner.plan(day.facts, profile: day.profile))
        #expect(next.history.contains("\"done\":[\"\(action)\"]"))
        #expect(try store.replay(planID: next.id).identical)
        #expect(try store.verifyAudit().problem == nil)
    }

    @Test(arguments: [
        ("INSERT INTO mark (patient, day, action, mark, value, plan, time) VALUES ('p1', '2026-11-24', 'walking', 'done', 1, 1, 'now')",
         "the mark record 2 has no audit entry (inserted behind Steady's back)"),
        ("UPDATE mark SET value = 0", "the mark record 1 of audit entry #6 (mark 1) was changed after it was logged"),
    ])
    func aMarkWrittenBehindSteadysBackIsReported(_ sql: String, _ problem: String) throws {
        let (store, stored, path) = try support.storedPlan()
        try store.setMarks([.done: true], action: try #require(PlanRecord.decode(stored.record)?.actions.first), planID: stored.id)
        try TestDatabase.tamper(path, sql)
        #expect(try store.verifyAudit().problem == problem)
    }
}

extension MarkTests {
    @Test func severalMarksAreOneTransaction() throws {
        let (store, stored, path) = try support.storedPlan()
        let action = try #require(PlanRecord.decode(stored.record)?.actions.first)
        #expect(try store.setMarks([.done: true, .notForMe: true], action: action, planID: stored.id) == [action: [.done, .notForMe]])
        // A failing write stores none of the changes: a trigger makes the third mark row fail.
        try TestDatabase.tamper(path, TestDatabase.isSQLite
            ? "CREATE TRIGGER no_helpful BEFORE INSERT ON mark WHEN NEW.mark = 'helpful' BEGIN SELECT RAISE(FAIL, 'no'); END"
            : """
              CREATE FUNCTION no_helpful() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.mark = 'helpful' THEN RAISE EXCEPTION 'no'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER no_helpful BEFORE INSERT ON mark FOR EACH ROW EXECUTE FUNCTION no_helpful()
              """)
        #expect(throws: StoreError.self) { try store.setMarks([.done: false, .helpful: true], action: action, planID: stored.id) }
        #expect(try store.marks(patient: "p1", day: stored.day) == [action: [.done, .notForMe]])
    }
}
