import Foundation
import SteadyEngine
import SteadyRules

/// A patient's inputs for one day from the store: that day's check-in with the profile in
/// force on that day merged under it, the check-ins of the days before (for history rules)
/// what earlier plans suggested and what the patient marked done. `plan --patient`, `why --patient`, `checkin` and the
/// server plan from it.
public struct PatientDay: Sendable {
    public let facts: FactBase
    public let profile: Profile.Use

    /// How far ahead of today a check-in may be dated: a day that has not come yet would
    /// become "the latest" and hide today.
    public static let daysAhead = 1

    /// Why a check-in dated `day` is refused (more than ``daysAhead`` after `today`), or nil.
    public static func tooFarAhead(_ day: Day, today: Day = .today) -> String? {
        guard day.daysSinceEpoch > today.daysSinceEpoch + daysAhead else { return nil }
        return "the check-in is dated \(day), more than one day ahead of today (\(today)); a check-in records a day that has come"
    }
}

extension Store {
    /// `patient`'s day `day`, read against `schema`; `checkIn` when the caller has the state
    /// already (a check-in being stored), else the stored check-in of that day
    /// (``StoreError/notFound(_:)`` when there is none).
    public func patientDay(patient: String, day: Day, schema: Schema, checkIn: FactBase? = nil) throws(StoreError) -> PatientDay {
        // One read transaction for everything the day needs: a consistent view, and far fewer
        // round trips than one transaction per query.
        let earlier = (from: Day(day.daysSinceEpoch - Store.historyDays), through: Day(day.daysSinceEpoch - 1))
        let (stored, profileRow, past, suggestedRows, done) = try read { db in
            (checkIn == nil ? try Self.checkIn(db, patient: patient, on: day) : nil,
             try Self.profile(db, patient: patient, on: day),
             try Self.checkIns(db, patient: patient, through: Day(day.daysSinceEpoch - 1), days: Store.historyDays),
             try Self.suggestedRows(db, patient: patient, from: earlier.from, through: earlier.through),
             try Self.done(db, patient: patient, from: earlier.from, through: earlier.through))
        }
        let reader = StateReader(schema: schema)
        var facts: FactBase
        if let checkIn {
            facts = checkIn
        } else {
            guard let stored else { throw .notFound("a check-in for \(patient) on \(day)") }
            guard let read = reader.read(jsonLine: Data(stored.state.utf8), path: "check-in", line: 1).facts else {
                throw .unreadable("the check-in of \(patient) on \(day)")
            }
            facts = read
        }
        var use = Profile.Use(fromProfile: [:], stale: [])
        if let profileRow {
            guard let profile = profileRow.profile(reader: reader) else {
                throw .unreadable("version \(profileRow.version) of the profile of \(patient)")
            }
            let merged = profile.merged(into: facts, schema: schema)
            (facts, use) = (merged.facts, merged.use)
        }
        facts.history = try Self.history(past, patient: patient, schema: schema)
        facts.suggested = try Self.suggested(suggestedRows)[patient] ?? [:]
        facts.done = done[patient] ?? [:]
        return PatientDay(facts: facts, profile: use)
    }
}
