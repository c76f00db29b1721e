import SteadyRules

/// A patient's standing facts — the schema's `standing: true` facts, such as the date of the
/// last injection or the work context — each with the day it was last set. A day's check-in
/// is merged over it: what the patient reports today wins.
///
/// ```swift
/// let profile = Profile(values: ["bont.last_injection": .date(day)], since: ["bont.last_injection": Day(iso: "2026-11-19")!])
/// let merged = profile.merged(into: checkIn, schema: ruleSet.schema)
/// merged.facts           // the check-in with the profile's values where it had none
/// merged.use.fromProfile // ["bont.last_injection": 2026-11-19]
/// ```
public struct Profile: Sendable, Hashable {
    /// Standing facts by full name (`bont.last_injection`).
    public var values: [String: Value]
    /// The day each value was last set.
    public var since: [String: Day]

    public init(values: [String: Value] = [:], since: [String: Day] = [:]) {
        self.values = values
        self.since = since
    }

    /// The names among `names` that are not standing facts of `schema` (only standing facts
    /// belong in a profile).
    public static func notStanding(_ names: [String], schema: Schema) -> [String] {
        names.filter { schema.facts[$0]?.isStanding != true }
    }

    /// The profile with `values` set as of `day` and the facts `removing` cleared.
    public func changed(setting values: [String: Value], removing: [String], on day: Day) -> Profile {
        var profile = self
        for name in removing {
            profile.values[name] = nil
            profile.since[name] = nil
        }
        for (name, value) in values {
            profile.values[name] = value
            profile.since[name] = day
        }
        return profile
    }

    /// A check-in with the profile merged under it, and where each merged value came from.
    public struct Merged: Sendable {
        public let facts: FactBase
        public let use: Use
    }

    /// What a plan took from the profile: shown with the plan and its explanations, and kept
    /// in its record.
    public struct Use: Sendable, Hashable {
        /// The facts taken from the profile, with the day each was set.
        public let fromProfile: [String: Day]
        /// Profile values left out because they are older than their fact's `max_age_days`.
        public let stale: [Stale]

        public init(fromProfile: [String: Day], stale: [Stale]) {
            self.fromProfile = fromProfile
            self.stale = stale
        }
    }

    /// A profile value too old to trust.
    public struct Stale: Sendable, Hashable {
        public let fact: String
        public let since: Day
        public let maxAgeDays: Int

        public init(fact: String, since: Day, maxAgeDays: Int) {
            self.fact = fact
            self.since = since
            self.maxAgeDays = maxAgeDays
        }
    }

    /// `facts` (a day's check-in, whose `today` is set) with each standing fact it does not give
    /// taken from the profile, unless the profile's value is older than the fact's
    /// `max_age_days` on that day (then it stays unknown and is listed as stale). A fact that
    /// is no longer standing in `schema` is ignored.
    public func merged(into facts: FactBase, schema: Schema) -> Merged {
        var merged = facts
        var fromProfile: [String: Day] = [:]
        var stale: [Stale] = []
        for name in values.keys.sorted() {
            guard let declaration = schema.facts[name], declaration.isStanding, facts.values[name] == nil,
                  let value = values[name], let day = since[name] else { continue }
            // A date that had not happened yet on the day planned (a profile edited later) is not used.
            if declaration.notFuture, case .date(let date) = value, let today = facts.today, date > today.daysSinceEpoch { continue }
            if let today = facts.today, let maxAge = declaration.maxAgeDays, today.daysSinceEpoch - day.daysSinceEpoch > maxAge {
                stale.append(Stale(fact: name, since: day, maxAgeDays: maxAge))
                continue
            }
            merged.values[name] = value
            fromProfile[name] = day
        }
        return Merged(facts: merged, use: Use(fromProfile: fromProfile, stale: stale))
    }
}
