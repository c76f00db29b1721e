import Foundation

/// Where a PostgreSQL store is and how to reach it, from an address of the form
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…&sslrootcert=…&pool=N]`
/// (`postgresql://` too). The password may come from `$PGPASSWORD` instead, which keeps it out
/// of process listings.
///
/// - `sslmode`: `disable`, `prefer` (the default, as libpq's: TLS when the server offers it,
///   its certificate not checked) or `require` (TLS, with the server's certificate checked
///   against the system's trust store, or against `sslrootcert`, and its host name: what libpq
///   calls `verify-full`).
/// - `pool`: how many connections one process opens at most, 1 to 64 (default 8).
public struct PostgresAddress: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
    }

    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String
    public let tls: TLSMode
    /// A PEM file of the certificate authorities to trust instead of the system's.
    public let rootCertificates: String?
    public let poolSize: Int

    static let poolSizes = 1...64

    /// The address parsed; nil when `text` is not a PostgreSQL address at all (a SQLite file's
    /// path), a failure when it is one but cannot be used.
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<PostgresAddress, StoreError>? {
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else { return nil }
        func failure(_ problem: String) -> Result<PostgresAddress, StoreError> {
            .failure(.other("the PostgreSQL address is not usable: \(problem). Write it as postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require]."))
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            return failure("it has no host")
        }
        guard let user = components.user, !user.isEmpty else { return failure("it names no user") }
        let database = String(components.path.dropFirst())
        guard !database.isEmpty, !database.contains("/") else { return failure("it names no database (…/DATABASE)") }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { return failure("the port must be 1 to 65535") }
        var tls = TLSMode.prefer, rootCertificates: String?, poolSize = 8
        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", let value):
                guard let mode = TLSMode(rawValue: value) else { return failure("sslmode must be disable, prefer or require") }
                tls = mode
            case ("sslrootcert", let value) where !value.isEmpty:
                rootCertificates = value
            case ("pool", let value):
                guard let size = Int(value), poolSizes.contains(size) else { return failure("pool must be 1 to 64") }
                poolSize = size
            default:
                return failure("unknown parameter '\(item.name)' (sslmode, sslrootcert and pool are understood)")
            }
        }
        let password = components.password.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        return .success(PostgresAddress(host: host, port: port, user: user, password: password, database: database, tls: tls,
                                        rootCertificates: rootCertificates, poolSize: poolSize))
    }

    /// The address without its password: what messages and logs name.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
