import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules

/// A plan as stored: what went in (state, history, snapshot of the rules) and what came out.
public struct StoredPlan: Sendable {
    public let id: Int64
    public let patient: String
    public let day: Day
    /// The key of the snapshot the plan replays on: the content hash of its rules, catalog and
    /// policy (for plans stored before schema v3, the rule set's hash).
    public let snapshotHash: String
    /// The state and the history as JSON.
    public let state: String
    public let history: String
    /// The plan as a ``PlanRecord`` (canonical JSON); empty for plans stored before schema v3.
    public let record: String
    /// Plans stored before schema v3: the plan as `steady plan --format json` printed it then.
    public let legacyPlan: String
    /// "rule-id" per active firing, in order: the trace's outline.
    public let firings: [String]
    /// The run's full trace (``TraceJSON``); empty for plans stored before schema v2.
    public let trace: String
}

/// The outcome of re-running a stored plan on its stored inputs and rule-set snapshot.
public struct Replay: Sendable {
    public let planID: Int64
    /// The fields of the stored record and the lines of its trace that differ from the
    /// replayed ones (`items[1].minutes: 10 → 15`, `trace - stored` / `trace + replayed`).
    public let differences: [String]
    public var identical: Bool { differences.isEmpty }
    /// The replayed run and plan, with the facts and rules they came from, to explain the plan from.
    public let planned: Planned
}

extension Store {
    /// Stores the exact text of the files a planner was loaded from, once per snapshot hash (the
    /// content hash of rules, catalog and policy together), so any plan can be replayed on
    /// exactly what made it after any of them changes.
    public func saveSnapshot(planner: Planner, files: [SourceFile]) throws(StoreError) {
        let encoded = try! JSONSerialization.data(withJSONObject: files.sorted { $0.path < $1.path }.map { ["path": $0.path, "text": $0.text] },
                                                  options: [.sortedKeys, .withoutEscapingSlashes])
        let fields = [planner.snapshotHash, planner.ruleSet.name, planner.ruleSet.version, String(decoding: encoded, as: UTF8.self)]
        try write { db in
            guard try db.integer("SELECT 1 FROM ruleset WHERE hash = ?", [planner.snapshotHash]) == nil else { return }
            try db.execute("INSERT INTO ruleset (hash, name, version, files) VALUES (?, ?, ?, ?)", fields)
            try appendAudit(db, kind: .snapshot, ref: planner.snapshotHash, fields: fields)
        }
    }

    /// Stores a plan as its record, with its inputs and trace, in one transaction with its audit
    /// entry. Its snapshot must be saved first (``saveSnapshot(planner:files:)``).
    public func storePlan(patient: String, facts: FactBase, planned: Planned) throws(StoreError) -> StoredPlan {
        guard let day = facts.today else { throw .other("a plan needs its state's date") }
        let history = Self.historyJSON(facts)
        let firings = planned.run.active.map { planned.run.firings[$0].rule }.joined(separator: " ")
        return try write { db in
            let id = try db.insert("""
                INSERT INTO plan (patient, day, ruleset_hash, state, history, plan, record, firings, trace) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)
                """, [patient, day.description, planned.snapshotHash, StateJSON.encode(facts), history,
                      planned.record.encoded(), firings, TraceJSON.encode(planned.run)])
            let row = try db.fetchOne("SELECT * FROM plan WHERE id = ?", [id])!
            try appendAudit(db, kind: .plan, ref: String(id), fields: Self.planFields(row)!)
            return try Self.storedPlan(row)
        }
    }

    /// ``storePlan(patient:facts:planned:)``, unless the newest plan stored for that patient and
    /// day came from the same inputs (``latestPlanID(patient:day:sameInputsAs:snapshot:)``) and is
    /// the same record: then that one. Reading today's plan again stores nothing new.
    public func storePlanOnce(patient: String, facts: FactBase, planned: Planned) throws(StoreError) -> StoredPlan {
        guard let day = facts.today else { throw .other("a plan needs its state's date") }
        if let id = try latestPlanID(patient: patient, day: day, sameInputsAs: facts, snapshot: planned.snapshotHash),
           try read({ db in try db.text("SELECT record FROM plan WHERE id = ?", [id]) }) == planned.record.encoded() {
            return try plan(id: id)
        }
        return try storePlan(patient: patient, facts: facts, planned: planned)
    }

    /// The id of the newest plan stored for `patient` on `day`, when it was made from exactly
    /// `facts` (state, history, earlier plans) on the snapshot `snapshot`; nil otherwise.
    /// Planning is deterministic, so such a plan is what planning `facts` again would make.
    public func latestPlanID(patient: String, day: Day, sameInputsAs facts: FactBase, snapshot: String) throws(StoreError) -> Int64? {
        guard let row = try read({ db in
            try db.fetchOne("SELECT id, ruleset_hash, state, history FROM plan WHERE patient = ? AND day = ? ORDER BY id DESC LIMIT 1",
                            [patient, day.description])
        }), let texts = Self.texts(row, ["id", "ruleset_hash", "state", "history"]), let id = Int64(texts[0]) else { return nil }
        guard texts[1] == snapshot, texts[2] == StateJSON.encode(facts),
              texts[3] == Self.historyJSON(facts) else { return nil }
        return id
    }

    /// The plan stored under `id`, or nil.
    public func storedPlan(id: Int64) throws(StoreError) -> StoredPlan? {
        guard let row = try read({ db in try db.fetchOne("SELECT * FROM plan WHERE id = ?", [id]) }) else { return nil }
        return try Self.storedPlan(row)
    }

    public func plan(id: Int64) throws(StoreError) -> StoredPlan {
        guard let row = try read({ db in try db.fetchOne("SELECT * FROM plan WHERE id = ?", [id]) }) else {
            throw .notFound("plan \(id)")
        }
        return try Self.storedPlan(row)
    }

    /// The snapshot stored under `hash`, as in-memory sources.
    public func snapshot(hash: String) throws(StoreError) -> [(path: String, data: Data)] {
        guard let files = try read({ db in try db.text("SELECT files FROM ruleset WHERE hash = ?", [hash]) }),
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
        try Self.suggested(try read { db in try Self.suggestedRows(db, patient: patient, from: from, through: through) })
    }

    static func suggestedRows(_ db: any SQLTransaction, patient: String?, from: Day, through: Day) throws -> [SQLRow] {
        try db.fetchAll("""
            SELECT patient, day, plan, record FROM plan WHERE id IN
              (SELECT MAX(id) FROM plan WHERE (CAST(? AS TEXT) IS NULL OR patient = ?) AND day BETWEEN ? AND ? GROUP BY patient, day)
            """, [patient, patient, from.description, through.description])
    }

    /// The actions of the plans in `rows` (``suggestedRows(_:patient:from:through:)``), by patient and day.
    static func suggested(_ rows: [SQLRow]) throws(StoreError) -> [String: [Day: Set<String>]] {
        var suggested: [String: [Day: Set<String>]] = [:]
        for row in rows {
            guard let texts = Self.texts(row, ["patient", "day", "plan", "record"]), let day = Day(iso: texts[1]),
                  let actions = Self.actions(record: texts[3], legacyPlan: texts[2]) else {
                throw .unreadable("a stored plan")
            }
            suggested[texts[0], default: [:]][day] = Set(actions)
        }
        return suggested
    }

    /// The actions of a stored plan's items: from its record, or (stored before schema v3) its JSON.
    static func actions(record: String, legacyPlan: String) -> [String]? {
        if !record.isEmpty { return PlanRecord.decode(record)?.actions }
        guard let plan = try? JSONSerialization.jsonObject(with: Data(legacyPlan.utf8)) as? [String: Any],
              let items = plan["items"] as? [[String: Any]] else { return nil }
        return items.compactMap { $0["action"] as? String }
    }

    /// Re-runs a stored plan on its stored state, history and snapshot, and compares the record
    /// field by field and the trace line by line. (A plan stored before schema v3 is compared
    /// as the JSON it was stored as.)
    public func replay(planID: Int64) throws(StoreError) -> Replay {
        let stored = try plan(id: planID)
        guard let planner = Planner(RuleLoader(lints: false).load(sources: try snapshot(hash: stored.snapshotHash))) else {
            throw .unreadable("the rule-set snapshot \(stored.snapshotHash)")
        }
        let reader = StateReader(schema: planner.ruleSet.schema)
        guard var facts = reader.read(jsonLine: Data(stored.state.utf8), path: "plan \(planID)", line: 1).facts else {
            throw .unreadable("the state of plan \(planID)")
        }
        try Self.readHistory(stored.history, into: &facts, reader: reader)
        let storedRecord = stored.record.isEmpty ? nil : PlanRecord.decode(stored.record)
        if !stored.record.isEmpty, storedRecord == nil { throw .unreadable("the record of plan \(planID)") }
        let planned: Planned
        do {
            // Which facts came from the profile is an input the record keeps.
            planned = try planner.plan(facts, profile: storedRecord?.profile?.use)
        } catch { throw .other("plan \(planID) cannot be replayed: \(error)") }
        var differences: [String]
        if stored.record.isEmpty {
            let replayed: String
            do { replayed = try PlanJSON.encode(planned.plan) } catch { throw .other("\(error)") }
            differences = Self.lineDifferences(stored.legacyPlan, replayed)
        } else {
            guard let record = storedRecord else { throw .unreadable("the record of plan \(planID)") }
            differences = record.differences(from: PlanRecord(planned.plan, snapshot: stored.snapshotHash))
            if planner.snapshotHash != stored.snapshotHash {
                differences.append("snapshot: stored \(stored.snapshotHash), its files now hash to \(planner.snapshotHash)")
            }
        }
        if !stored.trace.isEmpty {
            differences += Self.lineDifferences(stored.trace, TraceJSON.encode(planned.run)).map { "trace \($0)" }
        }
        return Replay(planID: planID, differences: differences, planned: planned)
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

    /// The history of `facts` as a JSON list of earlier states, each with the actions of that
    /// day's plan (`suggested`) and those marked done (`done`) when there are any: the form of
    /// a `--history` file.
    static func historyJSON(_ facts: FactBase) -> String {
        "[" + facts.history.keys.sorted().map { day in
            var values = facts.history[day]!
            values[Schema.dateFact] = .date(day.daysSinceEpoch)
            return StateJSON.encode(FactBase(values: values), actions: [.suggested: facts.suggested[day] ?? [], .done: facts.done[day] ?? []])
        }.joined(separator: ",") + "]"
    }

    /// Reads a stored history (``historyJSON(_:)``) into `facts`: its check-ins, earlier plans'
    /// actions and the actions marked done.
    static func readHistory(_ json: String, into facts: inout FactBase, reader: StateReader) throws(StoreError) {
        guard let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any] else { throw .unreadable("a stored history") }
        for item in list {
            guard let data = try? JSONSerialization.data(withJSONObject: item),
                  let entry = reader.readHistoryEntry(jsonLine: data, path: "history"), let day = entry.facts.today else {
                throw .unreadable("a stored history")
            }
            facts.history[day] = entry.facts.values
            if let ids = entry.actions[.suggested] { facts.suggested[day] = ids }
            if let ids = entry.actions[.done] { facts.done[day] = ids }
        }
    }

    /// A stored plan read from its row; a row whose columns were edited to another type is
    /// reported, not trusted.
    static func storedPlan(_ row: SQLRow) throws(StoreError) -> StoredPlan {
        let columns = ["id", "patient", "day", "ruleset_hash", "state", "history", "record", "plan", "firings", "trace"]
        guard let texts = texts(row, columns), let id = Int64(texts[0]), let day = Day(iso: texts[2]) else {
            throw .unreadable("a stored plan")
        }
        return StoredPlan(id: id, patient: texts[1], day: day, snapshotHash: texts[3], state: texts[4], history: texts[5],
                          record: texts[6], legacyPlan: texts[7], firings: texts[8].split(separator: " ").map(String.init),
                          trace: texts[9])
    }
}
