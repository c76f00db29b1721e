import Dispatch
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import PostgresNIO

/// A bounded pool of connections to one PostgreSQL database, for the store's blocking calls:
/// a caller takes a connection (opening one when none is idle and fewer than the pool's size
/// are open, else waiting up to ``waitLimit``), uses it alone, and gives it back; a connection
/// that broke is dropped and replaced on demand.
final class PostgresConnections: Sendable {
    /// How long a caller waits for a free connection before giving up.
    static let waitLimit: Double = 30

    /// Every connection stayed busy for ``waitLimit``.
    struct Exhausted: Error { let size: Int }

    /// The address without its password, for messages.
    let location: String
    private let configuration: PostgresConnection.Configuration
    private let size: Int
    private let idle = NIOLockedValueBox<[PostgresSession]>([])
    private let free: DispatchSemaphore
    private let nextID = NIOLockedValueBox(0)
    private static let logger = Logger(label: "steady.postgres")

    init(address: PostgresAddress) throws(StoreError) {
        location = address.redacted
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch address.tls {
            case .disable: tls = .disable
            case .prefer, .require:
                var settings = TLSConfiguration.makeClientConfiguration()
                if let roots = address.rootCertificates { settings.trustRoots = .file(roots) }
                // `prefer` encrypts without checking the certificate, as libpq's does (a
                // default Debian cluster offers TLS with a self-signed one); `require` checks it.
                if address.tls == .prefer { settings.certificateVerification = .none }
                let context = try NIOSSLContext(configuration: settings)
                tls = address.tls == .require ? .require(context) : .prefer(context)
            }
        } catch {
            throw .other("the TLS settings for PostgreSQL at \(address.redacted) are not usable: \(error)")
        }
        var configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                             password: address.password, database: address.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
        size = address.poolSize
        free = DispatchSemaphore(value: address.poolSize)
    }

    /// Closes the idle connections (postgres-nio requires a connection closed before it is
    /// released); the pool goes when its store does, on the caller's thread, never an event loop's.
    deinit {
        for session in idle.withLockedValue({ $0 }) {
            let closing: EventLoopFuture<Void> = session.connection.close()
            try? closing.wait()
        }
    }

    /// Runs `body` with a connection of its own.
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        guard free.wait(timeout: .now() + Self.waitLimit) == .success else { throw Exhausted(size: size) }
        defer { free.signal() }
        let session = try idle.withLockedValue { $0.popLast() } ?? connect()
        defer { if !session.connection.isClosed { idle.withLockedValue { $0.append(session) } } }
        return try body(session)
    }

    /// The advisory-lock key that serialises writers: the audit chain's head ("steady" in ASCII).
    static let writerLock: Int64 = 0x73_74_65_61_64_79

    /// `body` in a `REPEATABLE READ` read-only transaction: one consistent snapshot.
    func read<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// `body` in a transaction that first waits for the writer lock, held until it commits.
    func write<T>(_ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T {
        try transaction(begin: "BEGIN; SELECT pg_advisory_xact_lock(\(Self.writerLock))", body)
    }

    /// `body` in one transaction opened with `begin`: committed when it returns, rolled back
    /// when it throws.
    private func transaction<T>(begin: String, _ body: (any SQLTransaction) throws -> T) throws(StoreError) -> T {
        do {
            return try withSession { session in
                // Sent without waiting: the connection answers in order, so the body's first
                // statement runs after them (after the lock is granted), a round trip saved.
                let opening = session.send(begin)
                do {
                    let result = try body(PostgresTransaction(session: session))
                    for step in opening { _ = try step.wait() }  // answered long ago; a failure must not commit
                    try session.simple("COMMIT")
                    return result
                } catch {
                    for step in opening { _ = try? step.wait() }
                    try? session.simple("ROLLBACK")
                    throw error
                }
            }
        } catch {
            throw storeError(error)
        }
    }

    /// An error of postgres-nio as the store reports it: the server's message and SQLSTATE,
    /// never the statement's arguments (patient data).
    private func storeError(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: return error
        case let error as PSQLError:
            if let info = error.serverInfo, let message = info[.message] {
                let state = info[.sqlState] ?? ""
                // Lock timeouts, serialisation failures and deadlocks: retrying may succeed.
                if ["55P03", "40001", "40P01"].contains(state) { return .locked(path: location) }
                return .other("PostgreSQL at \(location) refused: \(message) (SQLSTATE \(state))")
            }
            let cause = error.underlying.map { String(describing: $0) } ?? ""
            if cause.contains("CERTIFICATE_VERIFY_FAILED") {
                return .other("PostgreSQL at \(location) presented a certificate that is not trusted (or not for that host); nothing was changed. Add sslrootcert=FILE with your CA's certificate.")
            }
            return .other("cannot reach PostgreSQL at \(location): \(error.code)\(cause.isEmpty ? "" : " (\(cause))")")
        case let error as PostgresConnections.Exhausted:
            return .other("all \(error.size) connections to PostgreSQL at \(location) stayed busy for \(Int(PostgresConnections.waitLimit)) s; nothing was changed. Raise ?pool= or add servers.")
        default:
            return .other("PostgreSQL at \(location): \(error)")
        }
    }

    private func connect() throws -> PostgresSession {
        let id = nextID.withLockedValue { id in
            id += 1
            return id
        }
        let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.next(), configuration: configuration,
                                                        id: id, logger: Self.logger).wait()
        return PostgresSession(connection: connection)
    }
}

/// One connection, used by one caller at a time, with the statements it has prepared.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    /// By the statement's text as the store writes it (with `?`); only the caller holding the
    /// session touches it.
    private var prepared: [String: PreparedQuery] = [:]

    init(connection: PostgresConnection) { self.connection = connection }

    /// Runs `sql` (with `?` for each argument) as a prepared statement and returns its rows.
    func run(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        let values = arguments.map(\.sqlValue)
        // Each argument's placeholder carries its type (text or bigint): the statement never
        // depends on what PostgreSQL would infer from its context.
        let types = values.map(Self.type)
        let key = types.isEmpty ? sql : sql + "\u{0}" + types.map { $0 ?? "" }.joined(separator: ",")
        let statement: PreparedQuery
        if let known = prepared[key] {
            statement = known
        } else {
            statement = try connection.prepare(query: Self.numbered(sql, types: types)).wait()
            prepared[key] = statement
        }
        let rows = try statement.execute(values.map(Self.data)).wait()
        guard let first = rows.first else { return [] }
        let columns = first.makeRandomAccess().map(\.columnName)
        return rows.map { row in SQLRow(columns: columns, values: row.map(Self.value)) }
    }

    /// Runs statements without arguments (several may be given, separated by `;`), discarding
    /// any rows.
    func simple(_ sql: String) throws {
        for step in send(sql) { _ = try step.wait() }
    }

    /// Sends statements without arguments and without waiting for their answers.
    func send(_ sql: String) -> [EventLoopFuture<PostgresQueryResult>] {
        Self.statements(sql).map { connection.query(PostgresQuery(unsafeSQL: $0), logger: connection.logger) }
    }

    /// The statements of a script: split at each `;` outside quoted text and `$$` bodies
    /// (postgres-nio sends every query as one extended-protocol statement).
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = [], current = "", quoted = false, body = false
        var characters = sql.makeIterator(), previous: Character = " "
        while let character = characters.next() {
            if character == "'", !body { quoted.toggle() }
            if character == "$", previous == "$", !quoted { body.toggle() }
            if character == ";", !quoted, !body {
                statements.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// `sql` with its `?`s numbered `$1`, `$2`, … (outside quoted text), each cast to its
    /// argument's type when it has one (`$1::text`, `$2::bigint`; a null keeps the type its
    /// context gives).
    static func numbered(_ sql: String, types: [String?] = []) -> String {
        var result = "", count = 0, quoted = false
        for character in sql {
            if character == "'" { quoted.toggle() }
            if character == "?", !quoted {
                result += "$\(count + 1)" + (count < types.count ? types[count].map { "::" + $0 } ?? "" : "")
                count += 1
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func type(_ value: SQLValue) -> String? {
        switch value {
        case .text: "text"
        case .integer: "bigint"
        case .null, .unsupported: nil
        }
    }

    private static func data(_ value: SQLValue) -> PostgresData {
        switch value {
        case .text(let text): PostgresData(string: text)
        case .integer(let number): PostgresData(int64: number)
        case .null, .unsupported: PostgresData(type: .text, value: nil)
        }
    }

    /// A column's value: text and whole numbers only (the store's schema has no other types).
    /// An executed prepared statement always receives binary results (postgres-nio binds every
    /// result column as binary), though the cell repeats the text format its description had.
    private static func value(_ cell: PostgresCell) -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        switch (cell.dataType, bytes.readableBytes) {
        case (.int2, 2): return bytes.readInteger(as: Int16.self).map { .integer(Int64($0)) } ?? .unsupported
        case (.int4, 4): return bytes.readInteger(as: Int32.self).map { .integer(Int64($0)) } ?? .unsupported
        case (.int8, 8): return bytes.readInteger(as: Int64.self).map { .integer($0) } ?? .unsupported
        case (.text, _), (.varchar, _), (.name, _), (.bpchar, _): return bytes.readString(length: bytes.readableBytes).map(SQLValue.text) ?? .unsupported
        default: return .unsupported
        }
    }
}
