import Foundation
import SteadyRules

/// Who may use `steady serve`, and as what.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Reads and writes only their own records.
    case patient
    /// Reads the patients assigned to them, the rule set, and impact reports.
    case clinician
    /// Reads the audit trail, read-only.
    case auditor
    /// Everything.
    case admin
}

/// An account of `steady serve`. A patient's account is tied to their patient id.
public struct Account: Sendable, Equatable {
    public let name: String
    public let role: Role
    /// For a patient: the patient id their records are under.
    public let patient: String?
    /// The bcrypt hash of the password (never the password).
    public let passwordHash: String
}

extension Store {
    /// Adds an account (its password already hashed by the caller) with its audit entry; a name
    /// in use is refused.
    public func addAccount(name: String, role: Role, patient: String?, passwordHash: String) throws(StoreError) {
        guard PatientID.isValid(name) else { throw .other("account name: " + PatientID.problem(name)) }
        if let patient, !PatientID.isValid(patient) { throw .other(PatientID.problem(patient)) }
        guard (role == .patient) == (patient != nil) else { throw .other("a patient account names its patient id, and only a patient account does") }
        try write { db in
            guard try db.integer("SELECT 1 FROM account WHERE name = ?", [name]) == nil else {
                throw StoreError.other("an account '\(name)' exists already")
            }
            try db.execute("INSERT INTO account (name, role, patient, password) VALUES (?, ?, ?, ?)",
                           [name, role.rawValue, patient, passwordHash])
            try appendAudit(db, kind: .account, ref: name, fields: [name, role.rawValue, patient ?? ""])
        }
    }

    /// The account called `name`, if any.
    public func account(_ name: String) throws(StoreError) -> Account? {
        try read { db in
            try db.fetchOne("SELECT * FROM account WHERE name = ?", [name]).map(Self.account)
        }
    }

    /// Assigns `patient` to clinician `clinician` (both must exist as accounts or ids), audited.
    public func assign(patient: String, to clinician: String) throws(StoreError) {
        guard PatientID.isValid(patient) else { throw .other(PatientID.problem(patient)) }
        try write { db in
            guard try db.text("SELECT role FROM account WHERE name = ?", [clinician]) == Role.clinician.rawValue else {
                throw StoreError.other("'\(clinician)' is not a clinician's account")
            }
            guard try db.integer("SELECT 1 FROM assignment WHERE clinician = ? AND patient = ?", [clinician, patient]) == nil else { return }
            try db.execute("INSERT INTO assignment (clinician, patient) VALUES (?, ?)", [clinician, patient])
            try appendAudit(db, kind: .assignment, ref: "\(clinician) \(patient)", fields: [clinician, patient])
        }
    }

    /// Whether `patient` is assigned to clinician `clinician`.
    public func isAssigned(patient: String, to clinician: String) throws(StoreError) -> Bool {
        try read { db in
            try db.integer("SELECT 1 FROM assignment WHERE clinician = ? AND patient = ?", [clinician, patient]) != nil
        }
    }

    /// The patients assigned to `clinician`, sorted.
    public func patients(of clinician: String) throws(StoreError) -> [String] {
        try read { db in
            try db.texts("SELECT patient FROM assignment WHERE clinician = ? ORDER BY patient", [clinician])
        }
    }

    /// Stores an API token (by its SHA-256; the token itself is never stored) for `account`,
    /// valid until `expires` (seconds since 1970).
    public func addToken(hash: String, account: String, expires: Int) throws(StoreError) {
        try write { db in
            try db.execute("DELETE FROM token WHERE expires < ?", [Int(Date().timeIntervalSince1970)])
            try db.execute("INSERT INTO token (hash, account, expires) VALUES (?, ?, ?)", [hash, account, expires])
        }
    }

    /// Removes a token (signing out).
    public func removeToken(hash: String) throws(StoreError) {
        try write { db in try db.execute("DELETE FROM token WHERE hash = ?", [hash]) }
    }

    /// The account a token (by its SHA-256) belongs to, when it has not expired.
    public func tokenAccount(hash: String, now: Int) throws(StoreError) -> Account? {
        try read { db in
            try db.fetchOne("""
                SELECT account.* FROM token JOIN account ON account.name = token.account WHERE token.hash = ? AND token.expires >= ?
                """, [hash, now]).map(Self.account)
        }
    }

    /// Records that `actor` did `action` on `patient`'s data (`ref`: which record), as an
    /// access entry with its audit entry: every read of patient data through the server.
    public func logAccess(actor: String, action: String, patient: String, ref: String = "") async throws(StoreError) {
        try await write { db in
            let time = Self.timestamp()
            let id = try db.insert("INSERT INTO access (time, actor, action, patient, ref) VALUES (?, ?, ?, ?, ?)", [time, actor, action, patient, ref])
            try self.appendAudit(db, kind: .access, ref: String(id), fields: [String(id), time, actor, action, patient, ref])
        }
    }

    /// How many accesses to `patient`'s data are logged.
    public func accessCount(patient: String) throws(StoreError) -> Int {
        try read { db in Int(try db.integer("SELECT COUNT(*) FROM access WHERE patient = ?", [patient]) ?? 0) }
    }

    static func account(_ row: SQLRow) throws -> Account {
        guard let texts = texts(row, ["name", "role", "password"]), let role = Role(rawValue: texts[1]) else {
            throw StoreError.unreadable("a stored account")
        }
        return Account(name: texts[0], role: role, patient: Self.optionalText(row["patient"]), passwordHash: texts[2])
    }

    static func accountFields(_ row: SQLRow) -> [String]? {
        guard let texts = texts(row, ["name", "role"]) else { return nil }
        return texts + [optionalText(row["patient"]) ?? ""]
    }

    /// A nullable text column: nil for null (or anything else).
    static func optionalText(_ value: SQLValue?) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }

    static func accessFields(_ row: SQLRow) -> [String]? { texts(row, ["id", "time", "actor", "action", "patient", "ref"]) }
}
