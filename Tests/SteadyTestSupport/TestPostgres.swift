import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The PostgreSQL server tests may use: `STEADY_TEST_POSTGRES`, an address whose user may create
/// databases (`postgres://postgres@127.0.0.1:PORT/postgres`, as `Tests/Postgres/cluster.sh`
/// prints). `.ci/run` sets it to run the store and server tests a second time on PostgreSQL.
public enum TestPostgres {
    public static let address = ProcessInfo.processInfo.environment["STEADY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A new, empty database on that server, as an address; nil when none is set.
    public static func newDatabase() -> String? {
        guard let address else { return nil }
        guard let url = URLComponents(string: address), let host = url.host, let user = url.user else {
            fatalError("STEADY_TEST_POSTGRES=\(address) is not postgres://USER@HOST:PORT/DATABASE")
        }
        let name = "steady_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let configuration = PostgresConnection.Configuration(host: host, port: url.port ?? 5432, username: user, password: url.password,
                                                             database: String(url.path.dropFirst()), tls: .disable)
        do {
            let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.next(), configuration: configuration,
                                                            id: 1, logger: Logger(label: "steady.tests")).wait()
            defer {
                let closing: EventLoopFuture<Void> = connection.close()
                try? closing.wait()
            }
            _ = try connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: connection.logger).wait()
        } catch {
            fatalError("STEADY_TEST_POSTGRES=\(address): cannot create a test database: \(String(reflecting: error))")
        }
        return "postgres://\(user)@\(host):\(url.port ?? 5432)/\(name)"
    }
}
