import Crypto
import Foundation
import SteadyRules

/// The secret that authenticates the audit chain (HMAC-SHA-256). It is kept outside the
/// database, in a file only its owner can read: someone who can write the database but not
/// read the key cannot forge or recompute the chain.
///
/// ```swift
/// let key = try AuditKey.loadOrCreate(path: AuditKey.defaultPath())
/// let store = try Store(database: Store.defaultDatabase(), auditKey: key, actor: "dr-lee")
/// ```
public struct AuditKey: Sendable {
    private let bytes: [UInt8]

    /// A key from raw bytes (32 of them, as ``loadOrCreate(path:)`` makes).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `$STEADY_AUDIT_KEY`, or `~/.steady/audit.key`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["STEADY_AUDIT_KEY"], !path.isEmpty { return path }
        return Store.home(environment) + "/.steady/audit.key"
    }

    /// The key in the file at `path` (64 hex digits), or nil when there is no such file.
    public static func load(path: String) throws(StoreError) -> AuditKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw .other("the audit key '\(path)' can be read by others (mode \(String(mode, radix: 8))); nothing was changed. Run: chmod 600 \(path)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .badAuditKey(path: path) }
        let hex = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard hex.count == 64 else { throw .badAuditKey(path: path) }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) else { throw .badAuditKey(path: path) }
            bytes.append(byte)
        }
        return AuditKey(bytes: bytes)
    }

    /// The key at `path`, created (32 random bytes, file mode 0600, folder 0700) when there is
    /// none. Two processes creating it at once end up with the same key: it is written to a
    /// temporary file and linked into place without overwriting.
    public static func loadOrCreate(path: String) throws(StoreError) -> AuditKey {
        if let key = try load(path: path) { return key }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let hex = Hex.encode(bytes) + "\n"
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        try PrivateFile.create(path: temporary, contents: Data(hex.utf8))
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 || errno == EEXIST else {
            throw .other("cannot create the audit key '\(path)': \(String(cString: strerror(errno)))")
        }
        // Whoever linked first made the key; everyone reads that one.
        guard let key = try load(path: path) else { throw .badAuditKey(path: path) }
        return key
    }

    /// HMAC-SHA-256 of `data`, as hex.
    func authenticate(_ data: Data) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: bytes)))
    }
}

/// Files and folders only their owner can read: the database and the audit key.
enum PrivateFile {
    /// Creates the folders up to `path` (mode 0700 for the ones it makes) and the file with
    /// mode 0600, written in full and synced; nothing is overwritten: an existing file is an
    /// error, or left as it is when `existingIsFine` (another process created it first).
    static func create(path: String, contents: Data, existingIsFine: Bool = false) throws(StoreError) {
        try createFolder(for: path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0, errno == EEXIST, existingIsFine { return }
        guard descriptor >= 0 else { throw .other("cannot create '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            throw .other("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Creates the folder that holds `path` (and its parents) with mode 0700, when missing.
    static func createFolder(for path: String) throws(StoreError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .other("cannot create the folder '\(folder)': \(error.localizedDescription)")
        }
    }
}
