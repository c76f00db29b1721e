import Foundation
import SteadyEngine
import SteadyRules

/// A stored check-in: a patient's state for one day.
public struct CheckIn: Sendable, Equatable {
    public let id: Int64
    public let patient: String
    public let day: Day
    /// The state as JSON (read back through `StateReader`).
    public let state: String
    /// 1 for the first check-in of the day, 2 after a re-check-in, ...
    public let version: Int
}

extension Store {
    /// Stores a check-in for the day of `facts` (its `date`). Checking in again the same day
    /// replaces it; the earlier version is kept for the audit.
    @discardableResult
    public func checkIn(patient: String, facts: FactBase) throws(StoreError) -> CheckIn {
        try checkIns([(patient, facts)])[0]
    }

    /// Stores many check-ins in one transaction (an import): all of them or none.
    @discardableResult
    public func checkIns(_ items: [(patient: String, facts: FactBase)]) throws(StoreError) -> [CheckIn] {
        guard items.allSatisfy({ $0.facts.today != nil }) else { throw .other("a check-in needs its date") }
        if let bad = items.first(where: { !PatientID.isValid($0.patient) }) { throw .other(PatientID.problem(bad.patient)) }
        return try write { db in
            try items.map { patient, facts in try insertCheckIn(db, patient: patient, day: facts.today!, state: StateJSON.encode(facts)) }
        }
    }

    private func insertCheckIn(_ db: any SQLTransaction, patient: String, day: Day, state: String) throws -> CheckIn {
        let version = Int(try db.integer("SELECT MAX(version) FROM checkin WHERE patient = ? AND day = ?", [patient, day.description]) ?? 0) + 1
        try db.execute("UPDATE checkin SET current = 0 WHERE patient = ? AND day = ?", [patient, day.description])
        let id = try db.insert("INSERT INTO checkin (patient, day, state, version, current) VALUES (?, ?, ?, ?, 1)",
                               [patient, day.description, state, version])
        let checkIn = CheckIn(id: id, patient: patient, day: day, state: state, version: version)
        try appendAudit(db, kind: .checkin, ref: String(checkIn.id),
                        fields: [String(checkIn.id), patient, day.description, String(checkIn.version), state])
        return checkIn
    }

    /// The current check-in of `patient` on `day`, if any.
    public func checkIn(patient: String, on day: Day) throws(StoreError) -> CheckIn? {
        try read { db in try Self.checkIn(db, patient: patient, on: day) }
    }

    static func checkIn(_ db: any SQLTransaction, patient: String, on day: Day) throws -> CheckIn? {
        try db.fetchOne("SELECT * FROM checkin WHERE patient = ? AND day = ? AND current = 1",
                        [patient, day.description]).map(Self.checkIn)
    }

    /// The current check-ins of `patient` in the `days` days up to and including `through`, newest first.
    public func checkIns(patient: String, through: Day, days: Int) throws(StoreError) -> [CheckIn] {
        try read { db in try Self.checkIns(db, patient: patient, through: through, days: days) }
    }

    static func checkIns(_ db: any SQLTransaction, patient: String, through: Day, days: Int) throws -> [CheckIn] {
        let from = Day(through.daysSinceEpoch - days + 1)
        return try db.fetchAll("""
            SELECT * FROM checkin WHERE patient = ? AND current = 1 AND day BETWEEN ? AND ? ORDER BY day DESC
            """, [patient, from.description, through.description]).map(Self.checkIn)
    }

    /// Every current check-in, of one patient or of all, oldest first.
    public func allCheckIns(patient: String? = nil) throws(StoreError) -> [CheckIn] {
        try read { db in
            try db.fetchAll("""
                SELECT * FROM checkin WHERE current = 1 AND (CAST(? AS TEXT) IS NULL OR patient = ?) ORDER BY patient, day
                """, [patient, patient]).map(Self.checkIn)
        }
    }

    /// The latest day `patient` checked in, if ever.
    public func lastCheckInDay(patient: String) throws(StoreError) -> Day? {
        try read { db in
            try db.text("SELECT MAX(day) FROM checkin WHERE patient = ? AND current = 1", [patient])
                .flatMap { Day(iso: $0) }
        }
    }

    /// Earlier check-ins (the `days` days before `day`) as history for the engine, each read
    /// back against `schema`.
    public func history(patient: String, before day: Day, days: Int, schema: Schema) throws(StoreError) -> [Day: [String: Value]] {
        try Self.history(try checkIns(patient: patient, through: Day(day.daysSinceEpoch - 1), days: days), patient: patient, schema: schema)
    }

    /// `checkIns` read back against `schema`, by day.
    static func history(_ checkIns: [CheckIn], patient: String, schema: Schema) throws(StoreError) -> [Day: [String: Value]] {
        let reader = StateReader(schema: schema)
        var history: [Day: [String: Value]] = [:]
        for checkIn in checkIns {
            guard let facts = reader.read(jsonLine: Data(checkIn.state.utf8), path: "check-in", line: 1).facts else {
                throw .unreadable("the check-in of \(patient) on \(checkIn.day)")
            }
            history[checkIn.day] = facts.values
        }
        return history
    }

    /// A check-in read from its row; a row whose columns were edited to another type or an
    /// impossible day is reported, not trusted.
    static func checkIn(_ row: SQLRow) throws -> CheckIn {
        guard let texts = texts(row, ["id", "patient", "day", "state", "version"]), let id = Int64(texts[0]),
              let day = Day(iso: texts[2]), let version = Int(texts[4]) else {
            throw StoreError.unreadable("a stored check-in")
        }
        return CheckIn(id: id, patient: texts[1], day: day, state: texts[3], version: version)
    }
}
