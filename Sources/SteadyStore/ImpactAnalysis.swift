import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules

/// What a rule change would do to real patients before a clinician activates it: replays the
/// stored check-ins of a period against the old and the new rule set — each day with the same
/// history and the same earlier plans — and reports every day whose plan would change, how, and
/// which rules caused it. Patients are evaluated in parallel across cores.
///
/// ```swift
/// let report = try ImpactAnalysis(old: live, new: proposed).run(store: store, days: 90, jobs: 2)
/// ```
public struct ImpactAnalysis: Sendable {
    /// One rule set, catalog and policy, compiled once and shared by every worker.
    public struct Rules: Sendable {
        let planner: Planner
        let reader: StateReader

        public init(planner: Planner) {
            self.planner = planner
            reader = StateReader(schema: planner.ruleSet.schema)
        }

        public var ruleSet: RuleSet { planner.ruleSet }

        /// The plan these rules make from `facts`.
        func plan(_ facts: FactBase) throws(EngineError) -> Plan {
            try planner.plan(for: facts)
        }
    }

    /// One patient-day whose plan would change.
    public struct Change: Sendable, Hashable {
        public let patient: String
        public let day: Day
        public let diff: PlanDiff
    }

    public struct Report: Sendable {
        public let first: Day
        public let last: Day
        public let patients: Int
        /// Patient-days replayed (check-ins in the period).
        public let plans: Int
        /// Every changed patient-day, by patient then day.
        public let changes: [Change]
        /// Check-ins one of the rule sets could not read or run, with why (they count as not
        /// replayed).
        public let problems: [String]

        public var changedPatients: [String] { Array(Set(changes.map(\.patient))).sorted() }
    }

    public let old: Rules
    public let new: Rules
    /// How many days of earlier check-ins and plans each day's history holds (as `steady plan --patient`).
    public let historyDays: Int

    public init(old: Rules, new: Rules, historyDays: Int = Store.historyDays) {
        self.old = old
        self.new = new
        self.historyDays = historyDays
    }

    /// Replays the `days` days up to `through` (default: the latest check-in) for `patients`
    /// (default: everyone with a check-in). `progress` gets (patients done, patients).
    public func run(store: Store, patients: [String]? = nil, through: Day? = nil, days: Int, jobs: Int,
                    progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws(StoreError) -> Report {
        let checkIns = try store.allCheckIns()
        let wanted = patients.map(Set.init)
        let byPatient = Dictionary(grouping: checkIns.filter { wanted?.contains($0.patient) ?? true }, by: \.patient)
        let last = through ?? checkIns.map(\.day).max() ?? Day(0)
        let first = Day(last.daysSinceEpoch - days + 1)
        let suggested = try store.suggested(patient: nil, from: Day(first.daysSinceEpoch - historyDays), through: last)
        let done = try store.done(patient: nil, from: Day(first.daysSinceEpoch - historyDays), through: last)
        let ids = byPatient.keys.sorted()
        var versions: [String: [StoredProfile]] = [:]
        for id in ids { versions[id] = try store.profileHistory(patient: id) }
        let profiles = versions
        let results = parallelMap(count: ids.count, jobs: jobs, progress: { progress($0, ids.count) }) { index in
            replay(ids[index], checkIns: byPatient[ids[index]]!, profiles: profiles[ids[index]]!, suggested: suggested[ids[index]] ?? [:],
                   done: done[ids[index]] ?? [:], first: first, last: last)
        }
        return Report(first: first, last: last, patients: ids.count, plans: results.map(\.plans).reduce(0, +),
                      changes: results.flatMap(\.changes), problems: results.flatMap(\.problems))
    }

    /// One patient's days in the period, oldest first, each with the profile in force that day
    /// merged under it (`profiles`: every version, newest first), as `plan --patient` plans it.
    private func replay(_ patient: String, checkIns: [CheckIn], profiles: [StoredProfile], suggested: [Day: Set<String>],
                        done: [Day: Set<String>], first: Day, last: Day)
        -> (plans: Int, changes: [Change], problems: [String])
    {
        var problems: [String] = []
        /// Each check-in read by each rule set's schema, by day.
        func read(_ rules: Rules) -> [Day: FactBase] {
            var states: [Day: FactBase] = [:]
            for checkIn in checkIns where checkIn.day.daysSinceEpoch >= first.daysSinceEpoch - historyDays && checkIn.day <= last {
                let read = rules.reader.read(jsonLine: Data(checkIn.state.utf8), path: "check-in", line: 1)
                if let facts = read.facts {
                    states[checkIn.day] = facts
                } else if checkIn.day >= first {
                    problems.append("\(patient) \(checkIn.day): rule set '\(rules.ruleSet.name)' cannot read the check-in: "
                                    + read.diagnostics.map(\.message).joined(separator: "; "))
                }
            }
            return states
        }
        let states = (read(old), read(new))
        var plans = 0, changes: [Change] = []
        for checkIn in checkIns where checkIn.day >= first && checkIn.day <= last {
            let day = checkIn.day.daysSinceEpoch
            func facts(_ states: [Day: FactBase], _ rules: Rules) -> FactBase? {
                guard var facts = states[checkIn.day] else { return nil }
                if let stored = profiles.filter({ $0.day <= checkIn.day }).max(by: { ($0.day, $0.version) < ($1.day, $1.version) }) {
                    guard let profile = stored.profile(reader: rules.reader) else {
                        problems.append("\(patient) \(checkIn.day): rule set '\(rules.ruleSet.name)' cannot read profile version \(stored.version)")
                        return nil
                    }
                    facts = profile.merged(into: facts, schema: rules.ruleSet.schema).facts
                }
                for past in (day - historyDays)..<day {
                    if let earlier = states[Day(past)] { facts.history[Day(past)] = earlier.values }
                    if let actions = suggested[Day(past)] { facts.suggested[Day(past)] = actions }
                    if let actions = done[Day(past)] { facts.done[Day(past)] = actions }
                }
                return facts
            }
            guard let oldFacts = facts(states.0, old), let newFacts = facts(states.1, new) else { continue }
            do {
                let diff = PlanDiff(old: try old.plan(oldFacts), new: try new.plan(newFacts))
                plans += 1
                if !diff.isEmpty { changes.append(Change(patient: patient, day: checkIn.day, diff: diff)) }
            } catch {
                problems.append("\(patient) \(checkIn.day): \(error)")
            }
        }
        return (plans, changes, problems)
    }
}
