import Foundation
import GRDB
import SteadyEngine
import SteadyPlan
import SteadyRules

/// A plan as stored: what went in (state, history, rule-set snapshot) and what came out.
public struct StoredPlan: Sendable {
    public let id: Int64
    public let patient: String
    public let day: Day
    public let ruleSetHash: String
    /// The state and the history as JSON.
    public let state: String
    public let history: String
    /// The plan as `steady plan --format json` prints it.
    public let plan: String
    /// "rule-id" per active firing, in order: the trace's outline.
    public let firings: [String]
    /// The run's full trace (``TraceJSON``); empty for plans stored before schema v2.
    public let trace: String
}

/// The outcome of re-running a stored plan on its stored inputs and rule-set snapshot.
public struct Replay: Sendable {
    public let planID: Int64
    /// Lines of the stored plan JSON and trace that differ from the replayed ones
    /// ("- stored" / "+ replayed").
    public let differences: [String]
    public var identical: Bool { differences.isEmpty }
    /// The replayed run and plan, with the snapshot's rule set, to explain the plan from.
    public let ruleSet: RuleSet
    public let run: Run
    public let plan: Plan
}

extension Store {
    /// Stores the exact text of the files a rule set, catalog and policy were loaded from, once
    /// per rule-set hash, so any old plan can be replayed after the rules change.
    public func saveSnapshot(ruleSet: RuleSet, files: [SourceFile]) throws(StoreError) {
        let encoded = try! JSONSerialization.data(withJSONObject: files.sorted { $0.path < $1.path }.map { ["path": $0.path, "text": $0.text] },
                                                  options: [.sortedKeys, .withoutEscapingSlashes])
        let text = String(decoding: encoded, as: UTF8.self)
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM ruleset WHERE hash = ?", arguments: [ruleSet.contentHash]) == nil else { return }
            try db.execute(sql: "INSERT INTO ruleset (hash, name, version, files) VALUES (?, ?, ?, ?)",
                           arguments: [ruleSet.contentHash, ruleSet.name, ruleSet.version, text])
            try Self.appendAudit(db, kind: "ruleset", ref: ruleSet.contentHash,
                                 payload: "ruleset\n\(ruleSet.contentHash)\n\(ruleSet.name)\n\(ruleSet.version)\n\(text)")
        }
    }

    /// Stores a plan with its inputs and outline, in one transaction with its audit entry.
    public func storePlan(patient: String, facts: FactBase, plan: Plan, run: Run) throws(StoreError) -> StoredPlan {
        guard let day = facts.today else { throw .other("a plan needs its state's date") }
        let planJSON: String
        do { planJSON = try PlanJSON.encode(plan) } catch { throw .other("\(error)") }
        let history = Self.historyJSON(facts.history, suggested: facts.suggested)
        let firings = run.active.map { run.firings[$0].rule }
        return try write { db in
            try db.execute(sql: "INSERT INTO plan (patient, day, ruleset_hash, state, history, plan, firings, trace) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [patient, day.description, plan.provenance.ruleSetHash, StateJSON.encode(facts), history,
                                       planJSON, firings.joined(separator: " "), TraceJSON.encode(run)])
            let id = db.lastInsertedRowID
            let row = try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [id])!
            try Self.appendAudit(db, kind: "plan", ref: String(id), payload: Self.planPayload(row))
            return Self.storedPlan(row)
        }
    }

    public func plan(id: Int64) throws(StoreError) -> StoredPlan {
        guard let row = try read({ db in try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [id]) }) else {
            throw .notFound("plan \(id)")
        }
        return Self.storedPlan(row)
    }

    /// The rule-set snapshot a stored plan was made with, as in-memory sources.
    public func snapshot(hash: String) throws(StoreError) -> [(path: String, data: Data)] {
        guard let files = try read({ db in try String.fetchOne(db, sql: "SELECT files FROM ruleset WHERE hash = ?", arguments: [hash]) }),
              let list = try? JSONSerialization.jsonObject(with: Data(files.utf8)) as? [[String: String]] else {
            throw .notFound("rule set \(hash)")
        }
        return list.compactMap { entry in entry["path"].flatMap { path in entry["text"].map { (path, Data($0.utf8)) } } }
    }

    /// The actions of `patient`'s stored plans in the `days` days before `day` (the latest plan
    /// of each day), for `suggested("walking", 3d)` and resting actions.
    public func suggested(patient: String, before day: Day, days: Int) throws(StoreError) -> [Day: Set<String>] {
        try suggested(patient: patient, from: Day(day.daysSinceEpoch - days), through: Day(day.daysSinceEpoch - 1))[patient] ?? [:]
    }

    /// The actions of stored plans from `from` through `through` (the latest plan of each day),
    /// by patient (every patient when `patient` is nil) and day.
    public func suggested(patient: String?, from: Day, through: Day) throws(StoreError) -> [String: [Day: Set<String>]] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT patient, day, plan FROM plan WHERE id IN
                  (SELECT MAX(id) FROM plan WHERE (? IS NULL OR patient = ?) AND day BETWEEN ? AND ? GROUP BY patient, day)
                """, arguments: [patient, patient, from.description, through.description])
        }
        var suggested: [String: [Day: Set<String>]] = [:]
        for row in rows {
            guard let day = Day(iso: row["day"]),
                  let plan = try? JSONSerialization.jsonObject(with: Data((row["plan"] as String).utf8)) as? [String: Any],
                  let items = plan["items"] as? [[String: Any]] else { throw .unreadable("a stored plan of \(row["patient"] as String)") }
            suggested[row["patient"], default: [:]][day] = Set(items.compactMap { $0["action"] as? String })
        }
        return suggested
    }

    /// Re-runs a stored plan on its stored state, history and rule-set snapshot, and compares.
    public func replay(planID: Int64) throws(StoreError) -> Replay {
        let stored = try plan(id: planID)
        let loaded = RuleLoader(lints: false).load(sources: try snapshot(hash: stored.ruleSetHash))
        guard let ruleSet = loaded.ruleSet, let catalog = loaded.catalog else {
            throw .unreadable("the rule-set snapshot \(stored.ruleSetHash)")
        }
        let reader = StateReader(schema: ruleSet.schema)
        guard var facts = reader.read(jsonLine: Data(stored.state.utf8), path: "plan \(planID)", line: 1).facts else {
            throw .unreadable("the state of plan \(planID)")
        }
        (facts.history, facts.suggested) = try Self.history(from: stored.history, reader: reader)
        do {
            let session = try Session(CompiledRuleSet(ruleSet), facts: facts)
            let run = try session.run()
            let plan = PlanAssembler(ruleSet: ruleSet, catalog: catalog, policy: loaded.policy ?? .standard).assemble(run, session: session)
            var differences = Self.lineDifferences(stored.plan, try PlanJSON.encode(plan))
            if !stored.trace.isEmpty {
                differences += Self.lineDifferences(stored.trace, TraceJSON.encode(run)).map { "trace \($0)" }
            }
            return Replay(planID: planID, differences: differences, ruleSet: ruleSet, run: run, plan: plan)
        } catch {
            throw .other("\(error)")
        }
    }

    /// The lines that differ between two texts, position by position ("- old" / "+ new").
    static func lineDifferences(_ old: String, _ new: String) -> [String] {
        let original = old.split(separator: "\n").map(String.init), replayed = new.split(separator: "\n").map(String.init)
        var differences: [String] = []
        for index in 0..<max(replayed.count, original.count) {
            let a = index < original.count ? original[index] : nil, b = index < replayed.count ? replayed[index] : nil
            if a != b {
                if let a { differences.append("- \(a)") }
                if let b { differences.append("+ \(b)") }
            }
        }
        return differences
    }

    /// A history as a JSON list of earlier states, each with the actions of that day's plan
    /// (`suggested`) when it had one: the form of a `--history` file.
    static func historyJSON(_ history: [Day: [String: Value]], suggested: [Day: Set<String>]) -> String {
        "[" + history.keys.sorted().map { day in
            var values = history[day]!
            values["date"] = .date(day.daysSinceEpoch)
            return StateJSON.encode(FactBase(values: values), suggested: suggested[day])
        }.joined(separator: ",") + "]"
    }

    static func history(from json: String, reader: StateReader) throws(StoreError) -> ([Day: [String: Value]], [Day: Set<String>]) {
        guard let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else { throw .unreadable("a stored history") }
        var history: [Day: [String: Value]] = [:]
        var suggested: [Day: Set<String>] = [:]
        for item in list {
            guard let data = try? JSONSerialization.data(withJSONObject: item),
                  let entry = reader.readHistoryEntry(jsonLine: data, path: "history"), let day = entry.facts.today else {
                throw .unreadable("a stored history")
            }
            history[day] = entry.facts.values
            if !entry.suggested.isEmpty { suggested[day] = entry.suggested }
        }
        return (history, suggested)
    }

    static func storedPlan(_ row: Row) -> StoredPlan {
        StoredPlan(id: row["id"], patient: row["patient"], day: Day(iso: row["day"])!, ruleSetHash: row["ruleset_hash"],
                   state: row["state"], history: row["history"], plan: row["plan"],
                   firings: (row["firings"] as String).split(separator: " ").map(String.init), trace: row["trace"])
    }

    static func planPayload(_ row: Row) -> String {
        // Plans stored before v2 have no trace, and their audit entries were hashed without one.
        let columns = ["patient", "day", "ruleset_hash", "state", "history", "plan", "firings"]
            + ((row["trace"] as String).isEmpty ? [] : ["trace"])
        let values: [String] = columns.map { row[$0] }
        return (["plan"] + values).joined(separator: "\n")
    }
}
