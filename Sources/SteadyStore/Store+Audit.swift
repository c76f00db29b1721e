import GRDB

/// The result of walking the audit chain.
public struct AuditVerification: Sendable, Equatable {
    /// How many entries were checked.
    public let entries: Int
    /// The first problem found, naming the entry and the record; nil when the chain is intact.
    public let problem: String?
}

extension Store {
    /// Appends an entry whose hash covers the previous entry's hash and the record's content.
    static func appendAudit(_ db: Database, kind: String, ref: String, payload: String) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY id DESC LIMIT 1") ?? ""
        let payloadHash = sha256(payload)
        let hash = sha256("\(previous)\n\(kind)\n\(ref)\n\(payloadHash)")
        try db.execute(sql: "INSERT INTO audit (kind, ref, payload_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?)",
                       arguments: [kind, ref, payloadHash, previous, hash])
    }

    /// Walks the chain from the start: each entry must link to the one before, and the record
    /// it covers must still hash to what was logged. Names the first tampered, missing or
    /// reordered record.
    public func verifyAudit() throws(StoreError) -> AuditVerification {
        try read { db in
            var previous = ""
            var count = 0
            var lastID: Int64 = 0
            for row in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id") {
                count += 1
                let id: Int64 = row["id"], kind: String = row["kind"], ref: String = row["ref"]
                let entry = "audit entry #\(id) (\(kind) \(ref))"
                if id != lastID + 1 {
                    return AuditVerification(entries: count, problem: "audit entries #\(lastID + 1)...#\(id - 1) are missing")
                }
                lastID = id
                guard row["prev_hash"] == previous,
                      row["hash"] == Self.sha256("\(previous)\n\(kind)\n\(ref)\n\(row["payload_hash"] as String)") else {
                    return AuditVerification(entries: count, problem: "\(entry) does not follow the entry before it (deleted, edited or reordered)")
                }
                guard let payload = try Self.payload(db, kind: kind, ref: ref) else {
                    return AuditVerification(entries: count, problem: "the \(kind) record \(ref) of \(entry) is missing")
                }
                guard Self.sha256(payload) == row["payload_hash"] else {
                    return AuditVerification(entries: count, problem: "the \(kind) record \(ref) of \(entry) was changed after it was logged")
                }
                previous = row["hash"]
            }
            return AuditVerification(entries: count, problem: nil)
        }
    }

    /// The logged content of a record, as it is now.
    static func payload(_ db: Database, kind: String, ref: String) throws -> String? {
        switch kind {
        case "checkin":
            return try Row.fetchOne(db, sql: "SELECT * FROM checkin WHERE id = ?", arguments: [Int64(ref) ?? -1])
                .map { payload(of: checkIn($0)) }
        case "ruleset":
            return try Row.fetchOne(db, sql: "SELECT * FROM ruleset WHERE hash = ?", arguments: [ref])
                .map { "ruleset\n\($0["hash"] as String)\n\($0["name"] as String)\n\($0["version"] as String)\n\($0["files"] as String)" }
        case "plan":
            return try Row.fetchOne(db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [Int64(ref) ?? -1]).map(planPayload)
        default:
            return nil
        }
    }
}
