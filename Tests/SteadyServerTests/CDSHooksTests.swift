import Foundation
import Hummingbird
import HummingbirdTesting
import SteadyEngine
import SteadyFHIR
import SteadyRules
import SteadyServer
import Testing

/// The CDS Hooks 2.0 service: discovery, cards from prefetched Observations and from a FHIR
/// server (a stub on 127.0.0.1), the specification's required card fields, and feedback as
/// audit entries.
@Suite(.serialized)
struct CDSHooksTests {
    /// An example state as the searchset Bundle of Observations an EHR would prefetch.
    static func observations(_ example: String, patient: String = "p1") throws -> [String: Any] {
        let path = ServerFixture.root.appendingPathComponent("examples/\(example).yaml").path
        let facts = try #require(StateReader(schema: ServerFixture.planner.ruleSet.schema).read(file: path).facts)
        var bundle = try ObservationBundle(facts: facts, patient: patient, schema: ServerFixture.planner.ruleSet.schema).resource()
        bundle["type"] = "searchset"
        return bundle
    }

    static func hook(prefetch: [String: Any]? = nil, fhirServer: String? = nil, patient: String = "p1") throws -> String {
        var body: [String: Any] = ["hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
                                   "context": ["patientId": patient, "userId": "Practitioner/doc"]]
        if let prefetch { body["prefetch"] = ["observations": prefetch] }
        if let fhirServer { (body["fhirServer"], body["fhirAuthorization"]) = (fhirServer, ["access_token": "ehr-token", "token_type": "Bearer"]) }
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    /// Every card as the specification requires it.
    static func checkCards(_ cards: [[String: Any]]) {
        for card in cards {
            #expect((card["summary"] as? String).map { !$0.isEmpty && $0.count <= 140 } == true)
            #expect(["info", "warning", "critical"].contains(card["indicator"] as? String ?? ""))
            #expect(((card["source"] as? [String: Any])?["label"] as? String)?.hasPrefix("Steady rule set cervical-dystonia") == true)
            #expect(UUID(uuidString: card["uuid"] as? String ?? "") != nil)
            if let suggestions = card["suggestions"] as? [[String: Any]] {
                #expect(card["selectionBehavior"] as? String == "at-most-one")
                for suggestion in suggestions {
                    #expect(UUID(uuidString: suggestion["uuid"] as? String ?? "") != nil && suggestion["label"] is String)
                    let action = (suggestion["actions"] as? [[String: Any]])?.first
                    #expect(action?["type"] as? String == "create")
                    #expect((action?["resource"] as? [String: Any])?["resourceType"] as? String == "CarePlan")
                }
            }
        }
    }

    @Test func discoveryNamesThePatientViewServiceAndItsPrefetch() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let discovery = try await client.call(.get, "/cds-services", token: nil)
            let service = try #require((discovery.json["services"] as? [[String: Any]])?.first)
            #expect(service["id"] as? String == "steady-coping-plan" && service["hook"] as? String == "patient-view")
            #expect((service["prefetch"] as? [String: String])?["observations"] == "Observation?subject=Patient/{{context.patientId}}&_sort=-date&_count=1000")
        }
    }

    @Test func aRedFlagIsACriticalCardFirstAndThePlanAnInfoCardWithItsCarePlan() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let token = try await client.token("doc")
            let red = try await client.call(.post, "/cds-services/steady-coping-plan", token: token,
                                            body: try Self.hook(prefetch: try Self.observations("red-flag-after-injection")))
            #expect(red.status == .ok)
            let cards = red.json["cards"] as? [[String: Any]] ?? []
            Self.checkCards(cards)
            #expect(cards.map { $0["indicator"] as? String ?? "" } == ["critical", "critical"])
            #expect((cards.first?["summary"] as? String)?.hasPrefix("Emergency alert: ") == true)
            let calm = try await client.call(.post, "/cds-services/steady-coping-plan", token: token,
                                             body: try Self.hook(prefetch: try Self.observations("workday-high-stress")))
            let plan = try #require((calm.json["cards"] as? [[String: Any]])?.last)
            Self.checkCards(calm.json["cards"] as? [[String: Any]] ?? [])
            #expect(plan["indicator"] as? String == "info")
            #expect((plan["detail"] as? String)?.contains("is in today's plan") == true)
            // Another patient's Observations under this patient's id are refused, nothing planned.
            let other = try await client.call(.post, "/cds-services/steady-coping-plan", token: token,
                                              body: try Self.hook(prefetch: try Self.observations("pain-flare", patient: "p2")))
            #expect(other.status == .unprocessableContent && (other.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "SR0608")
            #expect(try await client.call(.post, "/cds-services/steady-coping-plan", token: try await client.token("pat1"),
                                          body: try Self.hook(prefetch: try Self.observations("pain-flare"))).status == .forbidden)
            #expect(try await client.call(.post, "/cds-services/steady-coping-plan", token: token, body: #"{"hook": "order-select"}"#).status == .badRequest)
        }
        #expect(try fixture.store.verifyAudit().problem == nil)
    }

    @Test func withoutPrefetchItFetchesFromAnAllowedFHIRServerOnly() async throws {
        let stub = Router()
        let bundle = try JSONSerialization.data(withJSONObject: try Self.observations("pain-flare"))
        stub.get("/fhir/Observation") { request, _ -> Response in
            guard request.headers[.authorization] == "Bearer ehr-token", request.uri.queryParameters.get("subject") == "Patient/p1" else {
                return Response(status: .unauthorized)
            }
            return Response(status: .ok, headers: [.contentType: "application/fhir+json"], body: .init(byteBuffer: ByteBuffer(bytes: bundle)))
        }
        try await Application(router: stub, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { server in
            let base = "http://127.0.0.1:\(try #require(server.port))/fhir"
            let fixture = try ServerFixture(fhirServers: [base])
            defer { fixture.remove() }
            try await fixture.test { client in
                let token = try await client.token("doc")
                let fetched = try await client.call(.post, "/cds-services/steady-coping-plan", token: token, body: try Self.hook(fhirServer: base))
                #expect(fetched.status == .ok, "\(fetched.json)")
                Self.checkCards(fetched.json["cards"] as? [[String: Any]] ?? [])
                #expect((fetched.json["cards"] as? [[String: Any]])?.isEmpty == false)
                let elsewhere = try await client.call(.post, "/cds-services/steady-coping-plan", token: token,
                                                      body: try Self.hook(fhirServer: "http://127.0.0.1:9/fhir"))
                #expect(elsewhere.status == .preconditionFailed && elsewhere.json["type"] as? String == "https://steady.example/problems/fhir-server-not-allowed")
                #expect(try await client.call(.post, "/cds-services/steady-coping-plan", token: token, body: try Self.hook()).status == .preconditionFailed)
            }
        }
    }

    @Test func theAPIReadsObservationsAndAnswersACarePlan() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let token = try await client.token("pat1")
            func post(_ bundle: [String: Any], to patient: String = "p1") async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/fhir+json"]
                headers[.accept] = "application/json"
                return try await client.execute(uri: "/api/v1/patients/\(patient)/checkins", method: .post, headers: headers,
                                                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: bundle))) { ($0.status, $0.json()) }
            }
            let other = try await post(try Self.observations("pain-flare", patient: "p2"))
            #expect(other.status == .unprocessableContent && (other.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "SR0608")
            let stored = try await post(try Self.observations("pain-flare"))
            #expect(stored.status == .created && stored.json["date"] as? String == "2026-11-24")
            let plan = try await client.execute(uri: "/api/v1/patients/p1/plans/today?date=2026-11-24", method: .get,
                                                headers: [.authorization: "Bearer \(token)", .accept: "application/fhir+json"]) { $0 }
            #expect(plan.headers[.contentType] == "application/fhir+json")
            let carePlan = ((plan.json()["entry"] as? [[String: Any]])?.first?["resource"] as? [String: Any]) ?? [:]
            #expect(carePlan["resourceType"] as? String == "CarePlan" && (carePlan["subject"] as? [String: String])?["reference"] == "Patient/p1")
            #expect((carePlan["activity"] as? [Any])?.isEmpty == false)
        }
        #expect(try fixture.store.allCheckIns().map(\.patient) == ["p1"])
    }

    @Test func feedbackIsStoredAsAuditEntries() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let card = "4f5d6a1e-8c3b-5e2a-9d1f-0b7c6a5e4d3c"
        try await fixture.test { client in
            let token = try await client.token("doc")
            let body = #"{"feedback": [{"card": "\#(card)", "outcome": "accepted", "outcomeTimestamp": "2026-12-03T10:00:00Z"}, {"card": "\#(card)", "outcome": "overridden", "overrideReason": {"reason": {"code": "already-addressed"}}}]}"#
            let stored = try await client.call(.post, "/cds-services/steady-coping-plan/feedback", token: token, body: body)
            #expect(stored.status == .ok && stored.json["stored"] as? Int == 2)
            #expect(try await client.call(.post, "/cds-services/steady-coping-plan/feedback", token: token,
                                          body: #"{"feedback": [{"card": "\#(card)", "outcome": "ignored"}]}"#).status == .badRequest)
        }
        #expect(try fixture.store.feedback(card: card).map { "\($0.outcome) \($0.reason)" } == ["accepted ", "overridden already-addressed"])
        let verification = try fixture.store.verifyAudit()
        #expect(verification.problem == nil)
        #expect(try fixture.store.auditEntries(kind: "cds-feedback").map(\.actor) == ["doc", "doc"])
    }
}
