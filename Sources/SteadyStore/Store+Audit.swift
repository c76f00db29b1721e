import Crypto
import Foundation
import SteadyRules

/// What an audit entry covers.
public enum AuditKind: String, Sendable, CaseIterable {
    case checkin
    /// A snapshot of everything that shapes a plan (stored as `ruleset` since schema v1).
    case snapshot = "ruleset"
    case plan
    /// A version of a patient's profile (schema v4).
    case profile
    /// A server account (schema v5; the password hash is not covered: it may change).
    case account
    /// A patient assigned to a clinician (schema v5).
    case assignment
    /// A read of patient data through the server: who, when, what (schema v5).
    case access
    /// A patient's mark on an item of their plan: done, helpful, not for me (schema v6).
    case mark
    /// What a clinician did with a CDS Hooks card: accepted or overridden (schema v7).
    case cdsFeedback = "cds-feedback"
    /// Seals the entries from before schema v3: the first keyed entry after them, covering
    /// their count and last hash, so they cannot be rewritten without the key either.
    case seal
}

/// How an entry was authenticated.
enum AuditScheme: String {
    /// Entries written before schema v3: a plain SHA-256 chain over newline-joined fields.
    /// They prove nothing against someone who can write the database.
    case legacy = "sha256"
    /// HMAC-SHA-256 under the audit key, over length-prefixed fields.
    case keyed = "hmac-sha256"
}

/// The result of walking the audit chain.
public struct AuditVerification: Sendable, Equatable {
    /// How many entries were checked.
    public let entries: Int
    /// The last entry's hash: write `entries:head` down, and `--expect-head` later proves (when
    /// checked with the key) that the chain was neither cut back nor rewritten up to there.
    public let head: String
    /// Entries from before schema v3 (a plain hash chain, not authenticated).
    public let legacyEntries: Int
    /// Whether entries were checked against the audit key (false: integrity only).
    public let authenticated: Bool
    /// The first problem found, naming the entry and the record; nil when the chain is intact.
    public let problem: String?
}

extension Store {
    /// The fields of a record, encoded so that no two different lists of fields encode the
    /// same: each is its UTF-8 length, a colon and its bytes.
    static func encode(_ fields: [String]) -> Data {
        var data = Data()
        for field in fields {
            data.append(contentsOf: Array("\(field.utf8.count):".utf8))
            data.append(contentsOf: Array(field.utf8))
        }
        return data
    }

    static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }

    /// The hash of an entry from before schema v3: plain SHA-256 over newline-joined fields.
    static func legacyEntryHash(previous: String, kind: String, ref: String, payloadHash: String) -> String {
        sha256(Data("\(previous)\n\(kind)\n\(ref)\n\(payloadHash)".utf8))
    }

    /// What an entry's authentication code covers: its position, the entry before it, what it
    /// logs and when and by whom.
    static func entryFields(id: Int64, previous: String, kind: String, ref: String, time: String, actor: String,
                            payloadHash: String) -> [String] {
        [AuditScheme.keyed.rawValue, String(id), previous, kind, ref, time, actor, payloadHash]
    }

    /// Appends an entry that covers the record's fields and links to the entry before it,
    /// authenticated with the store's key. Runs inside the transaction that writes the record.
    func appendAudit(_ db: any SQLTransaction, kind: AuditKind, ref: String, fields: [String]) throws {
        guard let auditKey else { throw StoreError.noAuditKey }
        let last = try db.fetchOne("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").map { row in
            guard let texts = Self.texts(row, ["id", "hash"]), let id = Int64(texts[0]) else {
                throw StoreError.unreadable("the newest audit entry")
            }
            return (id: id, hash: texts[1])
        }
        let id = (last?.id ?? 0) + 1
        let previous = last?.hash ?? ""
        let payloadHash = Self.sha256(Self.encode(fields))
        let time = Self.timestamp()
        let hash = auditKey.authenticate(Self.encode(Self.entryFields(id: id, previous: previous, kind: kind.rawValue, ref: ref,
                                                                      time: time, actor: actor, payloadHash: payloadHash)))
        try db.execute("""
            INSERT INTO audit (id, kind, ref, payload_hash, prev_hash, hash, time, actor, scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, kind.rawValue, ref, payloadHash, previous, hash, time, actor, AuditScheme.keyed.rawValue])
    }

    /// Appends the seal of the entries from before schema v3, when there are some and no seal yet.
    func sealLegacyEntries(_ db: any SQLTransaction) throws {
        guard let legacy = try Self.unsealedLegacyEntries(db), let fields = try Self.sealFields(db, ref: String(legacy)) else { return }
        try appendAudit(db, kind: .seal, ref: String(legacy), fields: fields)
    }

    /// How many entries from before schema v3 wait for their seal; nil when none do (the
    /// usual case, found without taking the writer's lock).
    static func unsealedLegacyEntries(_ db: any SQLTransaction) throws -> Int64? {
        let legacy = try db.integer("SELECT COUNT(*) FROM audit WHERE scheme = ?", [AuditScheme.legacy.rawValue]) ?? 0
        guard legacy > 0, try db.integer("SELECT 1 FROM audit WHERE kind = ?", [AuditKind.seal.rawValue]) == nil else { return nil }
        return legacy
    }

    /// What a seal covers: the count of entries before it and the hash of the last of them.
    static func sealFields(_ db: any SQLTransaction, ref: String) throws -> [String]? {
        guard let count = Int64(ref), let head = try db.fetchOne("SELECT hash FROM audit WHERE id = ?", [count])
            .flatMap({ texts($0, ["hash"])?.first }) else { return nil }
        return [ref, head]
    }

    /// Now in UTC, to the second (`2026-12-03T12:00:00Z`).
    static func timestamp(_ date: Date = Date()) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, second) = (seconds / 86_400 - (seconds % 86_400 < 0 ? 1 : 0), (seconds % 86_400 + 86_400) % 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(Day(days))T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }

    /// Walks the chain from the start: each entry must sit at its position, link to the one
    /// before, carry a valid authentication code (with the key) and cover its record as the
    /// record is now. Names the first tampered, missing or reordered entry or record. With
    /// `expectedHead` (`count:hash`, as an earlier verification printed), also fails when the
    /// chain no longer reaches that entry or that entry changed.
    public func verifyAudit(expectedHead: (entries: Int, hash: String)? = nil) throws(StoreError) -> AuditVerification {
        try read { db in
            var previous = "", count = 0, legacy = 0
            func result(_ problem: String?) -> AuditVerification {
                AuditVerification(entries: count, head: previous, legacyEntries: legacy, authenticated: auditKey != nil, problem: problem)
            }
            var sealed = false
            // A page at a time: a chain of millions of entries is walked in bounded memory.
            var after = Int64.min
            while case let page = try db.fetchAll("SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT 5000", [after]), !page.isEmpty {
                after = page.last.flatMap { Self.texts($0, ["id"]) }.flatMap { Int64($0[0]) } ?? Int64.max
                for row in page {
                    count += 1
                    guard let columns = Self.texts(row, ["id", "kind", "ref", "payload_hash", "prev_hash", "hash", "time", "actor", "scheme"]),
                          let id = Int64(columns[0]), let scheme = AuditScheme(rawValue: columns[8]) else {
                        return result("audit entry #\(count) is unreadable (a column was edited)")
                    }
                    let (kind, ref, payloadHash, prev, hash, time, actor) = (columns[1], columns[2], columns[3], columns[4], columns[5], columns[6], columns[7])
                    let entry = "audit entry #\(id) (\(kind) \(ref))"
                    guard id == Int64(count) else {
                        return result(id > Int64(count) ? "audit entries #\(count)...#\(id - 1) are missing" : "\(entry) is out of order")
                    }
                    guard prev == previous else {
                        return result("\(entry) does not follow the entry before it (deleted, edited or reordered)")
                    }
                    switch scheme {
                    case .legacy:
                        guard legacy == count - 1 else { return result("\(entry) is an unkeyed entry after keyed ones (forged)") }
                        if kind == AuditKind.plan.rawValue,
                           try db.fetchOne("SELECT record FROM plan WHERE id = ?", [Int64(ref) ?? -1])
                            .flatMap({ Self.texts($0, ["record"])?.first })?.isEmpty == false {
                            return result("\(entry) logs a plan stored as a record (schema v3 or later) without the audit key (forged)")
                        }
                        legacy += 1
                        guard hash == Self.legacyEntryHash(previous: previous, kind: kind, ref: ref, payloadHash: payloadHash) else {
                            return result("\(entry) does not follow the entry before it (deleted, edited or reordered)")
                        }
                    case .keyed:
                        if legacy > 0, !sealed {
                            // The first keyed entry after unkeyed ones must seal them.
                            guard kind == AuditKind.seal.rawValue, ref == String(legacy) else {
                                return result("\(entry) follows \(legacy) unkeyed entries without sealing them (forged)")
                            }
                            sealed = true
                        }
                        let fields = Self.entryFields(id: id, previous: previous, kind: kind, ref: ref, time: time, actor: actor,
                                                      payloadHash: payloadHash)
                        if let auditKey, auditKey.authenticate(Self.encode(fields)) != hash {
                            return result("\(entry) fails its authentication code (edited, or written without the audit key)")
                        }
                    }
                    guard let fields = try Self.payload(db, kind: kind, ref: ref, scheme: scheme) else {
                        return result("the \(kind) record \(ref) of \(entry) is missing or unreadable")
                    }
                    guard Self.sha256(fields) == payloadHash else {
                        return result("the \(kind) record \(ref) of \(entry) was changed after it was logged")
                    }
                    if let expectedHead, count == expectedHead.entries, hash != expectedHead.hash {
                        return result("\(entry) is not the head written down (\(expectedHead.hash)): the chain was rewritten")
                    }
                    previous = hash
                }
            }
            if let expectedHead, count < expectedHead.entries {
                return result("the chain has \(count) entries, fewer than the \(expectedHead.entries) written down: entries were deleted")
            }
            if legacy > 0, !sealed, auditKey != nil {
                return result("the \(legacy) entries from before schema v3 are not sealed by a keyed entry: the chain was rewritten without the audit key")
            }
            if let problem = try Self.unloggedRecord(db) { return result(problem) }
            return result(nil)
        }
    }

    /// A record no audit entry covers, a record two entries cover, or a day whose current
    /// check-in is not its latest version (the `current` flag is not hashed: it changes when a
    /// patient checks in again); nil when there is none.
    static func unloggedRecord(_ db: any SQLTransaction) throws -> String? {
        for (kind, table, key) in [(AuditKind.checkin, "checkin", "id"), (.plan, "plan", "id"), (.snapshot, "ruleset", "hash"),
                                   (.profile, "profile", "id"), (.account, "account", "name"), (.access, "access", "id"), (.mark, "mark", "id"), (.cdsFeedback, "cds_feedback", "id"),
                                   (.assignment, "assignment", "clinician || ' ' || patient")] {
            if let ref = try db.text("""
                SELECT CAST(\(key) AS TEXT) FROM \(table) WHERE CAST(\(key) AS TEXT) NOT IN (SELECT ref FROM audit WHERE kind = ?) LIMIT 1
                """, [kind.rawValue]) {
                return "the \(kind.rawValue) record \(ref) has no audit entry (inserted behind Steady's back)"
            }
        }
        if let row = try db.fetchOne("SELECT kind, ref FROM audit GROUP BY kind, ref HAVING COUNT(*) > 1 LIMIT 1"),
           let texts = texts(row, ["kind", "ref"]) {
            return "the \(texts[0]) record \(texts[1]) has more than one audit entry"
        }
        if let row = try db.fetchOne("""
            SELECT patient, day FROM checkin GROUP BY patient, day
            HAVING SUM(current) != 1 OR MAX(CASE WHEN current = 1 THEN version END) IS DISTINCT FROM MAX(version) LIMIT 1
            """), let texts = texts(row, ["patient", "day"]) {
            return "the current check-in of \(texts[0]) on \(texts[1]) is not its latest version (edited)"
        }
        return nil
    }

    /// One line of the audit trail as a page lists it.
    public struct AuditEntry: Sendable, Equatable {
        public let id: Int64
        public let time: String
        public let actor: String
        public let kind: String
        public let ref: String
    }

    /// The newest `limit` entries of the trail (of one `kind` when given), newest first.
    public func auditEntries(kind: String? = nil, limit: Int = 100) throws(StoreError) -> [AuditEntry] {
        try read { db in
            try db.fetchAll("SELECT id, time, actor, kind, ref FROM audit WHERE (CAST(? AS TEXT) IS NULL OR kind = ?) ORDER BY id DESC LIMIT ?",
                            [kind, kind, max(1, min(limit, 1000))]).compactMap { row in
                guard let texts = Self.texts(row, ["id", "time", "actor", "kind", "ref"]), let id = Int64(texts[0]) else { return nil }
                return AuditEntry(id: id, time: texts[1], actor: texts[2], kind: texts[3], ref: texts[4])
            }
        }
    }

    /// The logged content of a record as it is now, encoded as its entry's scheme hashed it.
    static func payload(_ db: any SQLTransaction, kind: String, ref: String, scheme: AuditScheme) throws -> Data? {
        switch AuditKind(rawValue: kind) {
        case .seal:
            return scheme == .keyed ? try sealFields(db, ref: ref).map(encode) : nil
        case .checkin:
            guard let row = try db.fetchOne("SELECT * FROM checkin WHERE id = ?", [Int64(ref) ?? -1]),
                  let fields = checkInFields(row) else { return nil }
            return scheme == .keyed ? encode(fields) : Data((["checkin"] + fields.dropFirst()).joined(separator: "\n").utf8)
        case .snapshot:
            guard let row = try db.fetchOne("SELECT * FROM ruleset WHERE hash = ?", [ref]),
                  let fields = snapshotFields(row) else { return nil }
            return scheme == .keyed ? encode(fields) : Data((["ruleset"] + fields).joined(separator: "\n").utf8)
        case .plan:
            guard let row = try db.fetchOne("SELECT * FROM plan WHERE id = ?", [Int64(ref) ?? -1]) else { return nil }
            if scheme == .keyed { return planFields(row).map(encode) }
            return legacyPlanPayload(row).map { Data($0.utf8) }
        case .profile:
            guard scheme == .keyed, let row = try db.fetchOne("SELECT * FROM profile WHERE id = ?", [Int64(ref) ?? -1]),
                  let profile = try? storedProfile(row) else { return nil }
            return encode(profileFields(profile))
        case .account:
            guard scheme == .keyed, let row = try db.fetchOne("SELECT * FROM account WHERE name = ?", [ref]) else { return nil }
            return accountFields(row).map(encode)
        case .assignment:
            let parts = ref.split(separator: " ", maxSplits: 1).map(String.init)
            guard scheme == .keyed, parts.count == 2,
                  try db.integer("SELECT 1 FROM assignment WHERE clinician = ? AND patient = ?", [parts[0], parts[1]]) != nil
            else { return nil }
            return encode(parts)
        case .access:
            guard scheme == .keyed, let row = try db.fetchOne("SELECT * FROM access WHERE id = ?", [Int64(ref) ?? -1]) else { return nil }
            return accessFields(row).map(encode)
        case .mark:
            guard scheme == .keyed, let row = try db.fetchOne("SELECT * FROM mark WHERE id = ?", [Int64(ref) ?? -1]) else { return nil }
            return markFields(row).map(encode)
        case .cdsFeedback:
            guard scheme == .keyed, let row = try db.fetchOne("SELECT * FROM cds_feedback WHERE id = ?", [Int64(ref) ?? -1]) else { return nil }
            return feedbackFields(row).map(encode)
        case nil:
            return nil
        }
    }

    static func checkInFields(_ row: SQLRow) -> [String]? { texts(row, ["id", "patient", "day", "version", "state"]) }

    static func snapshotFields(_ row: SQLRow) -> [String]? { texts(row, ["hash", "name", "version", "files"]) }

    static func planFields(_ row: SQLRow) -> [String]? {
        texts(row, ["id", "patient", "day", "ruleset_hash", "state", "history", "record", "firings", "trace"])
    }

    /// The payload a plan stored before schema v3 was logged with (before v2: without a trace).
    static func legacyPlanPayload(_ row: SQLRow) -> String? {
        guard let trace = texts(row, ["trace"])?.first else { return nil }
        let columns = ["patient", "day", "ruleset_hash", "state", "history", "plan", "firings"] + (trace.isEmpty ? [] : ["trace"])
        return texts(row, columns).map { (["plan"] + $0).joined(separator: "\n") }
    }
}
