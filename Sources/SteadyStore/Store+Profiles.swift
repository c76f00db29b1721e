import Foundation
import SteadyEngine
import SteadyRules

/// A stored version of a patient's profile: their standing facts from `day` on.
public struct StoredProfile: Sendable, Equatable {
    public let id: Int64
    public let patient: String
    /// The day this version holds from.
    public let day: Day
    /// 1 for the first version, 2 after the first change, ...
    public let version: Int
    /// The standing facts as a state (JSON, with `date` = `day`), read back through `StateReader`.
    public let state: String
    /// The day each fact was last set, as a JSON object of fact name → `YYYY-MM-DD`.
    public let since: String

    /// The profile, its values read with `reader`; nil when the stored state no longer fits
    /// the rule set (a fact renamed or removed).
    public func profile(reader: StateReader) -> Profile? {
        guard let facts = reader.read(jsonLine: Data(state.utf8), path: "profile", line: 1).facts,
              let object = try? JSONSerialization.jsonObject(with: Data(since.utf8)) as? [String: String] else { return nil }
        var days: [String: Day] = [:]
        for (name, text) in object {
            guard let day = Day(iso: text) else { return nil }
            days[name] = day
        }
        var values = facts.values
        values[Schema.dateFact] = nil
        return Profile(values: values, since: days)
    }
}

extension Store {
    /// Stores a new version of `patient`'s profile, holding from `day`: `profile`'s values with
    /// the days they were set. Each version is kept (with its audit entry); a later version
    /// replaces an earlier one from its day on, so a change cannot hold from a day before the
    /// latest version's.
    @discardableResult
    public func saveProfile(patient: String, day: Day, profile: Profile) throws(StoreError) -> StoredProfile {
        guard PatientID.isValid(patient) else { throw .other(PatientID.problem(patient)) }
        var facts = FactBase(values: profile.values, today: day)
        facts.values[Schema.dateFact] = .date(day.daysSinceEpoch)
        let state = StateJSON.encode(facts)
        let since = String(decoding: try! JSONSerialization.data(withJSONObject: profile.since.mapValues(\.description),
                                                                 options: [.sortedKeys]), as: UTF8.self)
        return try write { db in
            if let latest = try db.text("SELECT MAX(day) FROM profile WHERE patient = ?", [patient]), latest > day.description {
                throw StoreError.other("the profile of \(patient) has a version from \(latest); a change cannot hold from an earlier day (\(day))")
            }
            let version = Int(try db.integer("SELECT MAX(version) FROM profile WHERE patient = ?", [patient]) ?? 0) + 1
            let id = try db.insert("INSERT INTO profile (patient, day, version, state, since) VALUES (?, ?, ?, ?, ?)",
                                   [patient, day.description, version, state, since])
            let stored = StoredProfile(id: id, patient: patient, day: day, version: version, state: state, since: since)
            try appendAudit(db, kind: .profile, ref: String(stored.id), fields: Self.profileFields(stored))
            return stored
        }
    }

    /// The version of `patient`'s profile in force on `day`: the latest one holding from that
    /// day or earlier (nil when there is none).
    public func profile(patient: String, on day: Day) throws(StoreError) -> StoredProfile? {
        try read { db in try Self.profile(db, patient: patient, on: day) }
    }

    static func profile(_ db: any SQLTransaction, patient: String, on day: Day) throws -> StoredProfile? {
        try db.fetchOne("""
            SELECT * FROM profile WHERE patient = ? AND day <= ? ORDER BY day DESC, version DESC LIMIT 1
            """, [patient, day.description]).map(Self.storedProfile)
    }

    /// Every version of `patient`'s profile, newest first.
    public func profileHistory(patient: String) throws(StoreError) -> [StoredProfile] {
        try read { db in
            try db.fetchAll("SELECT * FROM profile WHERE patient = ? ORDER BY version DESC", [patient])
                .map(Self.storedProfile)
        }
    }

    static func profileFields(_ profile: StoredProfile) -> [String] {
        [String(profile.id), profile.patient, profile.day.description, String(profile.version), profile.state, profile.since]
    }

    /// A profile version read from its row; an edited, unreadable row is reported, not trusted.
    static func storedProfile(_ row: SQLRow) throws -> StoredProfile {
        guard let texts = texts(row, ["id", "patient", "day", "version", "state", "since"]), let id = Int64(texts[0]),
              let day = Day(iso: texts[2]), let version = Int(texts[3]) else {
            throw StoreError.unreadable("a stored profile")
        }
        return StoredProfile(id: id, patient: texts[1], day: day, version: version, state: texts[4], since: texts[5])
    }
}
