import Foundation
import SteadyEngine
import SteadyRules
import SteadyStore

/// A patient's inputs for one day from the store: that day's check-in with the profile in
/// force on that day merged under it, the check-ins of the days before (for history rules)
/// and what earlier plans suggested. `plan --patient` and `checkin` plan from it.
struct PatientDay {
    let facts: FactBase
    let profile: Profile.Use

    /// Reads `patient`'s day `day` against `schema`; `checkIn` when the caller has the state
    /// already (a check-in being stored), else the stored check-in of that day.
    static func load(store: Store, patient: String, day: Day, schema: Schema, checkIn: FactBase? = nil) throws -> PatientDay {
        let reader = StateReader(schema: schema)
        var facts: FactBase
        if let checkIn {
            facts = checkIn
        } else {
            guard let stored = try store.checkIn(patient: patient, on: day) else {
                throw Failure.message("no check-in for \(patient) on \(day); check in first (steady checkin), or plan another day with --date")
            }
            guard let read = reader.read(jsonLine: Data(stored.state.utf8), path: "check-in", line: 1).facts else {
                throw Failure.message("the check-in of \(patient) on \(day) does not fit this rule set")
            }
            facts = read
        }
        var use = Profile.Use(fromProfile: [:], stale: [])
        if let stored = try store.profile(patient: patient, on: day) {
            guard let profile = stored.profile(reader: reader) else {
                throw Failure.message("the profile of \(patient) (version \(stored.version)) does not fit this rule set; set it again with steady profile")
            }
            let merged = profile.merged(into: facts, schema: schema)
            (facts, use) = (merged.facts, merged.use)
        }
        facts.history = try store.history(patient: patient, before: day, days: Store.historyDays, schema: schema)
        facts.suggested = try store.suggested(patient: patient, before: day, days: Store.historyDays)
        return PatientDay(facts: facts, profile: use)
    }
}
