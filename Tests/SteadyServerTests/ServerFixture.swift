import Foundation
import Hummingbird
import HummingbirdTesting
import SteadyPlan
import SteadyRules
import SteadyServer
import SteadyStore
import SteadyTestSupport
import Testing

/// A server over a scratch database and the shipped rules, with one account per role: patients
/// `pat1` (p1) and `pat2` (p2), clinician `doc` (assigned p1), auditor `aud`, admin `root`; each
/// password is the name followed by "-password".
struct ServerFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shipped rules and catalog, loaded once as `steady serve` loads them (with `steady check`'s warnings).
    static let loaded = RuleLoader(reviewDay: .today).load(paths: [root.appendingPathComponent("rules/cervical-dystonia").path,
                                                                   root.appendingPathComponent("plans").path])
    static let planner = Planner(loaded)!

    let folder: URL
    let store: Store
    let service: SteadyService

    /// `fhirServers`: the FHIR servers the CDS Hooks service may fetch from.
    init(fhirServers: [String] = []) throws {
        folder = ScratchFolder.root.appendingPathComponent("steady-server-\(UUID().uuidString)")
        // A PostgreSQL database when STEADY_TEST_POSTGRES names a server: the same tests on either backend.
        store = try Store(database: TestPostgres.newDatabase() ?? folder.appendingPathComponent("steady.sqlite").path, auditKey: AuditKey(bytes: Array(repeating: 9, count: 32)),
                          actor: "setup")
        // bcrypt's lowest cost keeps the tests fast; the server itself hashes with cost 12.
        for (name, role, patient) in [("pat1", Role.patient, "p1"), ("pat2", .patient, "p2"), ("doc", .clinician, nil), ("aud", .auditor, nil),
                                      ("root", .admin, nil)] as [(String, Role, String?)] {
            try store.addAccount(name: name, role: role, patient: patient, passwordHash: Passwords.hash("\(name)-password", cost: 4))
        }
        try store.assign(patient: "p1", to: "doc")
        service = try SteadyService(store: store, planner: Self.planner, files: Self.loaded.files,
                                    warnings: Self.loaded.diagnostics.filter { $0.severity == .warning }, fhirServers: fhirServers)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Runs `body` against the router (no sockets).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: service.router())
        try await app.test(.router) { client in try await body(client) }
    }
}

/// What the tests send and read.
extension TestClientProtocol {
    /// A bearer token for `name` (its password is the name followed by "-password").
    func token(_ name: String) async throws -> String {
        try await execute(uri: "/api/v1/tokens", method: .post, body: ByteBuffer(string: #"{"name":"\#(name)","password":"\#(name)-password"}"#)) { response in
            #expect(response.status == .created)
            return try #require(response.json()["token"] as? String)
        }
    }

    /// A request with `token` as its bearer, answering status and JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil) async throws -> (status: HTTPResponse.Status, json: [String: Any], response: TestResponse) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            (response.status, response.json(), response)
        }
    }
}

extension TestResponse {
    /// The body as a JSON object ([:] when it is not one).
    func json() -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    var text: String { String(buffer: body) }
}
