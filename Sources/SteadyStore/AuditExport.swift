import Foundation

/// A stored plan as a self-contained JSON record an auditor can keep: the plan's stored
/// columns, exactly (record, state, history, snapshot hash, firings, trace), and its audit
/// entry (position, time, actor, hashes). ``verify(_:key:)`` checks such a file later, without
/// the database: the columns must hash to the entry's payload hash and, with the audit key,
/// the entry's authentication code must hold.
///
/// ```swift
/// let json = try AuditExport.export(planID: 12, store: store)
/// let check = AuditExport.verify(Data(json.utf8), key: key)   // check.problem == nil
/// ```
public enum AuditExport {
    /// The format name written into every record.
    public static let format = "steady-audit-record-1"

    /// The plan columns a record carries, in the order its audit entry hashed them.
    static let planColumns = ["id", "patient", "day", "ruleset_hash", "state", "history", "record", "firings", "trace"]
    static let entryColumns = ["id", "kind", "ref", "time", "actor", "scheme", "payload_hash", "prev_hash", "hash"]

    /// The record of plan `planID` as pretty JSON.
    public static func export(planID: Int64, store: Store) throws(StoreError) -> String {
        let (plan, entry) = try store.read { db -> ([String]?, [String]?) in
            let plan = try db.fetchOne("SELECT * FROM plan WHERE id = ?", [planID])
            let entry = try db.fetchOne("SELECT * FROM audit WHERE kind = ? AND ref = ?",
                                        [AuditKind.plan.rawValue, String(planID)])
            return (plan.flatMap { Store.texts($0, planColumns) }, entry.flatMap { Store.texts($0, entryColumns) })
        }
        guard let plan else { throw .notFound("plan \(planID)") }
        guard let entry, entry[5] == AuditScheme.keyed.rawValue, !plan[6].isEmpty else {
            throw .other("plan \(planID) was stored before keyed audit entries (schema v3); 'steady audit verify' checks it in the database")
        }
        let document: [String: Any] = [
            "format": format,
            "plan": Dictionary(uniqueKeysWithValues: zip(planColumns, plan)),
            "audit_entry": Dictionary(uniqueKeysWithValues: zip(entryColumns, entry)),
        ]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// What checking an exported record found.
    public struct Check: Sendable, Equatable {
        public let planID: Int64?
        public let entry: Int64?
        /// Whether the entry's authentication code was checked with the key.
        public let authenticated: Bool
        /// The first problem, or nil when the record is intact.
        public let problem: String?
    }

    /// Checks an exported record: its columns against the entry's payload hash, and (with
    /// `key`) the entry's authentication code.
    public static func verify(_ data: Data, key: AuditKey?) -> Check {
        func fail(_ problem: String) -> Check { Check(planID: nil, entry: nil, authenticated: false, problem: problem) }
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return fail("not a JSON object") }
        guard document["format"] as? String == format else { return fail("not a \(format) record") }
        guard let plan = document["plan"] as? [String: Any], let entry = document["audit_entry"] as? [String: Any] else {
            return fail("the record has no plan or no audit entry")
        }
        let planTexts = planColumns.compactMap { plan[$0] as? String }, entryTexts = entryColumns.compactMap { entry[$0] as? String }
        guard planTexts.count == planColumns.count, entryTexts.count == entryColumns.count,
              let planID = Int64(planTexts[0]), let entryID = Int64(entryTexts[0]) else {
            return fail("a field of the record is missing or not text")
        }
        let fields = Dictionary(uniqueKeysWithValues: zip(entryColumns, entryTexts))
        func result(_ problem: String?) -> Check { Check(planID: planID, entry: entryID, authenticated: key != nil, problem: problem) }
        guard fields["kind"] == AuditKind.plan.rawValue, fields["ref"] == planTexts[0], fields["scheme"] == AuditScheme.keyed.rawValue else {
            return result("the audit entry is not the keyed entry of plan \(planID)")
        }
        guard Store.sha256(Store.encode(planTexts)) == fields["payload_hash"] else {
            return result("the plan's columns do not match the payload hash its audit entry logged (edited)")
        }
        let entryFields = Store.entryFields(id: entryID, previous: fields["prev_hash"]!, kind: fields["kind"]!, ref: fields["ref"]!,
                                            time: fields["time"]!, actor: fields["actor"]!, payloadHash: fields["payload_hash"]!)
        if let key, key.authenticate(Store.encode(entryFields)) != fields["hash"] {
            return result("the audit entry fails its authentication code (edited, or written under another key)")
        }
        return result(nil)
    }

    /// What is stored for a plan, as JSON: its columns, with the JSON ones inlined
    /// (`steady audit show --format json`).
    public static func stored(_ plan: StoredPlan) -> String {
        func parsed(_ text: String) -> Any { text.isEmpty ? NSNull() : (try? JSONSerialization.jsonObject(with: Data(text.utf8))) ?? text }
        var document: [String: Any] = [
            "id": plan.id, "patient": plan.patient, "day": plan.day.description, "snapshot": plan.snapshotHash,
            "state": parsed(plan.state), "history": parsed(plan.history), "firings": plan.firings, "trace": parsed(plan.trace),
        ]
        if plan.record.isEmpty { document["legacy_plan"] = parsed(plan.legacyPlan) } else { document["record"] = parsed(plan.record) }
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
