import Foundation
import SteadyEngine
import SteadyRules

/// What a patient can say about an item of their plan. `done` is what rules read
/// (`done("walking", 7d)`); `helpful` and `notForMe` tell their clinician what works, and
/// exclude each other.
public enum Mark: String, Sendable, CaseIterable, Codable {
    case done
    case helpful
    case notForMe = "not_for_me"

    /// The mark that setting this one clears.
    var excludes: Mark? {
        switch self {
        case .done: nil
        case .helpful: .notForMe
        case .notForMe: .helpful
        }
    }
}

extension Store {
    /// Sets (`true`) or clears (`false`) marks of `action` in stored plan `planID`, for the day
    /// of that plan, and returns the marks of that day by action. Each change is a row with its
    /// audit entry, all in one transaction; setting a mark that is set already stores nothing,
    /// and setting `helpful` clears `not_for_me` (and the other way round). Only an action that
    /// is an item of the plan can be marked.
    @discardableResult
    public func setMarks(_ wanted: [Mark: Bool], action: String, planID: Int64) throws(StoreError) -> [String: Set<Mark>] {
        let plan = try plan(id: planID)
        guard let actions = Self.actions(record: plan.record, legacyPlan: plan.legacyPlan) else { throw .unreadable("plan \(planID)") }
        guard actions.contains(action) else { throw .notFound("an item '\(action)' in plan \(planID)") }
        return try write { db in
            var marks = try Self.marks(db, patient: plan.patient, day: plan.day)
            var changes: [(Mark, Bool)] = []
            for mark in Mark.allCases {
                guard let on = wanted[mark] else { continue }
                changes.append((mark, on))
                if on, let excluded = mark.excludes, wanted[excluded] == nil { changes.append((excluded, false)) }
            }
            for (mark, on) in changes where marks[action, default: []].contains(mark) != on {
                let time = Self.timestamp()
                let id = try db.insert("INSERT INTO mark (patient, day, action, mark, value, plan, time) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                       [plan.patient, plan.day.description, action, mark.rawValue, on ? 1 : 0, planID, time])
                try appendAudit(db, kind: .mark, ref: String(id), fields: [String(id), plan.patient, plan.day.description, action,
                                                                            mark.rawValue, on ? "1" : "0", String(planID), time])
                if on { marks[action, default: []].insert(mark) } else { marks[action]?.remove(mark) }
            }
            return marks.filter { !$0.value.isEmpty }
        }
    }

    /// The marks `patient` has set on `day`'s plan items, by action.
    public func marks(patient: String, day: Day) throws(StoreError) -> [String: Set<Mark>] {
        try read { db in try Self.marks(db, patient: patient, day: day) }
    }

    /// The latest change of each mark of each action decides whether it is set.
    static func marks(_ db: any SQLTransaction, patient: String, day: Day) throws -> [String: Set<Mark>] {
        var marks: [String: Set<Mark>] = [:]
        for row in try db.fetchAll("""
            SELECT action, mark FROM mark WHERE value = 1 AND id IN
              (SELECT MAX(id) FROM mark WHERE patient = ? AND day = ? GROUP BY action, mark)
            """, [patient, day.description]) {
            guard let texts = texts(row, ["action", "mark"]), let mark = Mark(rawValue: texts[1]) else { throw StoreError.unreadable("a stored mark") }
            marks[texts[0], default: []].insert(mark)
        }
        return marks
    }

    /// The actions marked done from `from` through `through`, by patient (every patient when
    /// `patient` is nil) and day: what `done("walking", 7d)` reads.
    public func done(patient: String?, from: Day, through: Day) throws(StoreError) -> [String: [Day: Set<String>]] {
        try read { db in try Self.done(db, patient: patient, from: from, through: through) }
    }

    static func done(_ db: any SQLTransaction, patient: String?, from: Day, through: Day) throws -> [String: [Day: Set<String>]] {
        var done: [String: [Day: Set<String>]] = [:]
        for row in try db.fetchAll("""
            SELECT patient, day, action FROM mark WHERE value = 1 AND id IN
              (SELECT MAX(id) FROM mark WHERE (CAST(? AS TEXT) IS NULL OR patient = ?) AND mark = 'done' AND day BETWEEN ? AND ? GROUP BY patient, day, action)
            """, [patient, patient, from.description, through.description]) {
            guard let texts = texts(row, ["patient", "day", "action"]), let day = Day(iso: texts[1]) else {
                throw StoreError.unreadable("a stored mark")
            }
            done[texts[0], default: [:]][day, default: []].insert(texts[2])
        }
        return done
    }

    static func markFields(_ row: SQLRow) -> [String]? { texts(row, ["id", "patient", "day", "action", "mark", "value", "plan", "time"]) }
}
