import Foundation
import Hummingbird
import HummingbirdTesting
import SteadyRules
import SteadyServer
import SteadyStore
import Testing

/// The JSON API, route by route and role by role, against the router (no sockets).
@Suite(.serialized)
struct APITests {
    @Test func healthAndTheOpenAPIDocumentNeedNoToken() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let health = try await client.call(.get, "/healthz", token: nil)
            #expect(health.status == .ok && health.json["status"] as? String == "ok")
            #expect(health.response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let document = try await client.call(.get, "/api/v1/openapi.json", token: nil)
            #expect(document.json["openapi"] as? String == "3.1.0")
            #expect((document.json["paths"] as? [String: Any])?.count == Set(API.endpoints.map(\.path)).count)
            // A path no route matches is a problem too, with the security headers.
            let unknown = try await client.call(.put, "/api/v1/plans/what?/items/x/marks", token: nil, body: "{}")
            #expect(unknown.status == .notFound && unknown.response.headers[.contentType] == "application/problem+json")
            #expect(unknown.json["detail"] as? String == "no such route: see /api/v1/openapi.json")
            #expect(unknown.response.headers[.contentSecurityPolicy] != nil)
        }
    }

    @Test func withoutATokenEveryDataRouteIs401() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            for endpoint in API.endpoints where !endpoint.roles.isEmpty {
                let uri = endpoint.path.replacingOccurrences(of: "{patient}", with: "p1").replacingOccurrences(of: "{plan}", with: "1")
                    .replacingOccurrences(of: "{action}", with: "walking")
                let answer = try await client.call(endpoint.method, uri, token: "not-a-token", body: "{}")
                #expect(answer.status == .unauthorized, "\(endpoint.method) \(uri)")
                #expect(answer.response.headers[.contentType] == "application/problem+json")
                #expect(answer.response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test func signingInIsLimitedAfterFiveFailures() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            for _ in 0..<5 {
                let wrong = try await client.call(.post, "/api/v1/tokens", token: nil, body: #"{"name":"pat1","password":"guess-guess"}"#)
                #expect(wrong.status == .unauthorized && wrong.json["type"] as? String == "https://steady.example/problems/wrong-credentials")
            }
            let locked = try await client.call(.post, "/api/v1/tokens", token: nil, body: #"{"name":"pat1","password":"pat1-password"}"#)
            #expect(locked.status == .tooManyRequests)
            // Another account is not locked by it.
            #expect(try await client.call(.post, "/api/v1/tokens", token: nil, body: #"{"name":"pat2","password":"pat2-password"}"#).status == .created)
            #expect(try await client.call(.post, "/api/v1/tokens", token: nil, body: "not json").status == .badRequest)
        }
    }

    @Test func aPatientChecksInAndReadsTheirPlanWhyAndWhyNot() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let token = try await client.token("pat1")
            let me = try await client.call(.get, "/api/v1/me", token: token)
            #expect(me.json["role"] as? String == "patient" && me.json["patient"] as? String == "p1")
            let checkIn = try await client.call(.post, "/api/v1/patients/p1/checkins", token: token,
                                                body: #"{"stress": 8, "pain": 5, "triggers": ["stress_event"], "minutes_available": 40}"#)
            #expect(checkIn.status == .created)
            #expect(checkIn.json["version"] as? Int == 1 && (checkIn.json["alerts"] as? [Any])?.isEmpty == true)
            let plan = try await client.call(.get, "/api/v1/patients/p1/plans/today", token: token)
            #expect(plan.status == .ok)
            let id = try #require(plan.json["id"] as? Int)
            let items = ((plan.json["plan"] as? [String: Any])?["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(items.contains("breathing_diaphragmatic"))
            // Reading it again stores nothing new.
            #expect(try await client.call(.get, "/api/v1/patients/p1/plans/today", token: token).json["id"] as? Int == id)
            let why = try await client.call(.get, "/api/v1/plans/\(id)/why/breathing_diaphragmatic", token: token)
            #expect((why.json["text"] as? String)?.hasPrefix("Slow belly breathing is in today's plan") == true)
            #expect((why.json["text"] as? String)?.contains("a stressful event") == true)
            let whyNot = try await client.call(.get, "/api/v1/plans/\(id)/why-not/ice_injection_sites?audience=clinician", token: token)
            #expect((whyNot.json["text"] as? String)?.hasPrefix("Cool the injection sites [ice_injection_sites] is not in today's plan") == true)
            #expect(try await client.call(.get, "/api/v1/plans/\(id)/why/no_such_action", token: token).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/plans/\(id)/why/walking?audience=everyone", token: token).status == .badRequest)
            let list = try await client.call(.get, "/api/v1/patients/p1/checkins?days=7", token: token)
            #expect((list.json["check_ins"] as? [[String: Any]])?.first?["version"] as? Int == 1)
            #expect(try await client.call(.get, "/api/v1/patients/p1/checkins?days=99999", token: token).status == .badRequest)
            let csv = try await client.call(.get, "/api/v1/patients/p1/checkins/export?format=csv", token: token)
            #expect(csv.response.headers[.contentType] == "text/csv; charset=utf-8" && csv.response.text.hasPrefix("patient,date,"))
        }
        // Every read of patient data is an audited access entry, and the chain holds.
        let verification = try fixture.store.verifyAudit()
        #expect(verification.problem == nil)
        #expect(try fixture.store.accessCount(patient: "p1") == 6)
    }

    @Test func aPatientMarksTheirOwnPlanItemsAndNoOneElseCan() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let token = try await client.token("pat1")
            _ = try await client.call(.post, "/api/v1/patients/p1/checkins", token: token, body: #"{"stress": 8, "triggers": ["stress_event"]}"#)
            let id = try #require(try await client.call(.get, "/api/v1/patients/p1/plans/today", token: token).json["id"] as? Int)
            let marks = "/api/v1/plans/\(id)/items/breathing_diaphragmatic/marks"
            let done = try await client.call(.put, marks, token: token, body: #"{"done": true, "not_for_me": true}"#)
            #expect(done.status == .ok && done.json["marks"] as? [String] == ["done", "not_for_me"])
            let helpful = try await client.call(.put, marks, token: token, body: #"{"helpful": true}"#)
            #expect(helpful.json["marks"] as? [String] == ["done", "helpful"], "helpful clears not for me")
            let day = try await client.call(.get, "/api/v1/plans/\(id)/marks", token: token)
            #expect(day.json["marks"] as? [String: [String]] == ["breathing_diaphragmatic": ["done", "helpful"]])
            for body in [#"{"done": 1}"#, #"{"finished": true}"#, "{}", #"{"helpful": true, "not_for_me": true}"#, "[true]"] {
                let bad = try await client.call(.put, marks, token: token, body: body)
                #expect(bad.status == .badRequest && bad.response.headers[.contentType] == "application/problem+json", "\(body)")
            }
            #expect(try await client.call(.put, "/api/v1/plans/\(id)/items/juggling/marks", token: token, body: #"{"done": true}"#).status == .notFound)
            // Another patient cannot see the plan; a clinician reads the marks but does not set them.
            let other = try await client.token("pat2")
            #expect(try await client.call(.put, marks, token: other, body: #"{"done": false}"#).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/plans/\(id)/marks", token: other).status == .notFound)
            let doc = try await client.token("doc")
            #expect(try await client.call(.put, marks, token: doc, body: #"{"done": false}"#).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/plans/\(id)/marks", token: doc).status == .ok)
        }
        #expect(try fixture.store.marks(patient: "p1", day: .today) == ["breathing_diaphragmatic": [.done, .helpful]])
        #expect(try fixture.store.verifyAudit().problem == nil)
    }

    @Test func theProfileIsSetThroughTheAPIAndCarriesForward() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let token = try await client.token("pat1")
            let empty = try await client.call(.get, "/api/v1/patients/p1/profile", token: token)
            #expect(empty.json["version"] is NSNull)
            let yesterday = Day(Day.today.daysSinceEpoch - 1).description
            let set = try await client.call(.put, "/api/v1/patients/p1/profile", token: token,
                                            body: #"{"set": {"bont.last_injection": "\#(yesterday)", "work.context": "desk_office"}}"#)
            #expect(set.status == .ok && set.json["version"] as? Int == 1)
            let facts = (set.json["facts"] as? [[String: Any]] ?? []).map { "\($0["fact"]!)=\($0["value"]!)" }
            #expect(facts == ["bont.last_injection=\(yesterday)", "work.context=desk_office"])
            let notStanding = try await client.call(.put, "/api/v1/patients/p1/profile", token: token, body: #"{"set": {"stress": 3}}"#)
            #expect(notStanding.status == .unprocessableContent && (notStanding.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "stress")
            let invalid = try await client.call(.put, "/api/v1/patients/p1/profile", token: token, body: #"{"set": {"work.context": "astronaut"}}"#)
            #expect(invalid.status == .unprocessableContent)
            _ = try await client.call(.post, "/api/v1/patients/p1/checkins", token: token, body: #"{"pain": 5}"#)
            let plan = try await client.call(.get, "/api/v1/patients/p1/plans/today", token: token)
            let profile = (plan.json["plan"] as? [String: Any])?["profile"] as? [String: Any]
            #expect((profile?["from_profile"] as? [String: String])?.keys.sorted() == ["bont.last_injection", "work.context"])
        }
    }

    @Test func aMalformedOrInvalidBodyIsNamedAndNothingIsStored() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let token = try await client.token("pat1")
            #expect(try await client.call(.post, "/api/v1/patients/p1/checkins", token: token, body: "[1, 2").status == .badRequest)
            let invalid = try await client.call(.post, "/api/v1/patients/p1/checkins", token: token, body: #"{"stress": 18, "mood": "fine"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.response.headers[.contentType] == "application/problem+json")
            let errors = invalid.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { "\($0["code"]!) \($0["field"]!)" } == ["SR0601 mood", "SR0603 stress"])
            // As strict as a state file: a repeated key, or a whole number written with a fraction.
            let repeated = try await client.call(.post, "/api/v1/patients/p1/checkins", token: token, body: #"{"stress": 3, "stress": 9}"#)
            #expect(repeated.status == .unprocessableContent && (repeated.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "SR0105")
            #expect(try await client.call(.post, "/api/v1/patients/p1/checkins", token: token, body: #"{"stress": 7.0}"#).status == .unprocessableContent)
            let ahead = Day(Day.today.daysSinceEpoch + 5).description
            let future = try await client.call(.post, "/api/v1/patients/p1/checkins", token: token, body: #"{"date": "\#(ahead)", "stress": 3}"#)
            #expect(future.status == .unprocessableContent && (future.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "date")
        }
        #expect(try fixture.store.allCheckIns().isEmpty)
    }

    @Test func eachRoleReachesOnlyWhatItMay() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let pat1 = try await client.token("pat1"), pat2 = try await client.token("pat2")
            let doc = try await client.token("doc"), aud = try await client.token("aud"), root = try await client.token("root")
            _ = try await client.call(.post, "/api/v1/patients/p1/checkins", token: pat1, body: #"{"stress": 4}"#)
            _ = try await client.call(.post, "/api/v1/patients/p2/checkins", token: pat2, body: #"{"stress": 4}"#)
            let id = try #require(try await client.call(.get, "/api/v1/patients/p1/plans/today", token: pat1).json["id"] as? Int)
            // Another patient: 403 by patient id, 404 by plan id (ids reveal nothing).
            #expect(try await client.call(.get, "/api/v1/patients/p1/checkins", token: pat2).status == .forbidden)
            #expect(try await client.call(.post, "/api/v1/patients/p1/checkins", token: pat2, body: #"{"stress": 1}"#).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/plans/\(id)", token: pat2).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/plans/\(id)/why/walking", token: pat2).status == .notFound)
            // A clinician sees assigned patients only.
            #expect(try await client.call(.get, "/api/v1/patients/p1/checkins", token: doc).status == .ok)
            #expect(try await client.call(.get, "/api/v1/patients/p2/checkins", token: doc).status == .forbidden)
            let patients = try await client.call(.get, "/api/v1/patients", token: doc)
            #expect((patients.json["patients"] as? [[String: Any]])?.map { $0["patient"] as? String } == ["p1"])
            #expect(try await client.call(.get, "/api/v1/patients", token: pat1).status == .forbidden)
            // An auditor reads the audit trail and plans, never the records directly, and writes nothing.
            #expect(try await client.call(.get, "/api/v1/patients/p1/checkins", token: aud).status == .forbidden)
            let verify = try await client.call(.get, "/api/v1/audit/verify", token: aud)
            #expect(verify.json["intact"] as? Bool == true)
            let audited = try await client.call(.get, "/api/v1/audit/plans/\(id)", token: aud)
            #expect((audited.json["replay"] as? [String: Any])?["identical"] as? Bool == true)
            #expect((try await client.call(.get, "/api/v1/audit/plans/\(id)/export", token: aud).json["audit_entry"] as? [String: Any])?["kind"] as? String == "plan")
            #expect(try await client.call(.get, "/api/v1/audit/verify", token: pat1).status == .forbidden)
            #expect(try await client.call(.get, "/api/v1/audit/verify", token: doc).status == .forbidden)
            // The rule set: for clinicians, auditors and admins.
            let rules = try await client.call(.get, "/api/v1/ruleset", token: doc)
            #expect(rules.json["name"] as? String == "cervical-dystonia")
            #expect((rules.json["tests"] as? [String: Any])?["failed"] as? Int == 0)
            #expect(rules.json["warnings"] as? [String] == [], "the shipped rules pass steady check without warnings")
            #expect(try await client.call(.get, "/api/v1/ruleset", token: pat1).status == .forbidden)
            // An admin reaches everyone.
            #expect(try await client.call(.get, "/api/v1/patients/p2/checkins", token: root).status == .ok)
        }
    }

    @Test func aClinicLayerIsCheckedAndItsImpactOnAssignedPatientsShown() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let pat1 = try await client.token("pat1"), pat2 = try await client.token("pat2"), doc = try await client.token("doc")
            _ = try await client.call(.post, "/api/v1/patients/p1/checkins", token: pat1, body: #"{"stress": 6}"#)
            _ = try await client.call(.post, "/api/v1/patients/p2/checkins", token: pat2, body: #"{"stress": 6}"#)
            let layer = "ruleset: riverside\nversion: 1\nparams: {high_stress: 6}\n"
            let impact = try await client.call(.post, "/api/v1/impact?days=7", token: doc, body: layer)
            #expect(impact.status == .ok)
            let report = impact.json["report"] as? [String: Any]
            // Only the clinician's own patient is replayed, and the lower threshold changes their plan.
            #expect(report?["changed_patients"] as? [String] == ["p1"])
            #expect(report?["plans"] as? Int == 1)
            let broken = try await client.call(.post, "/api/v1/impact", token: doc, body: "ruleset: riverside\nversion: 1\nparams: {high_stres: 6}\nrules:\n  - id: x\n    title: X\n    when: \"stres >= 3\"\n    then: [{recommend: walking}]\n")
            #expect(broken.status == .unprocessableContent)
            let errors = broken.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.contains { ($0["location"] as? String)?.hasPrefix("clinic-layer.yaml:7:") == true && $0["code"] as? String == "SR0401" })
            #expect(try await client.call(.post, "/api/v1/impact", token: pat1, body: layer).status == .forbidden)
        }
    }

    @Test func theCommittedOpenAPIDocumentIsCurrentAndEveryPathIsRouted() async throws {
        let committed = try String(contentsOf: ServerFixture.root.appendingPathComponent("docs/openapi.json"), encoding: .utf8)
        #expect(committed == API.document(), "run: swift run steady serve --openapi > docs/openapi.json")
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.test { client in
            let token = try await client.token("root")
            for endpoint in API.endpoints {
                let uri = endpoint.path.replacingOccurrences(of: "{patient}", with: "p9").replacingOccurrences(of: "{plan}", with: "999")
                    .replacingOccurrences(of: "{action}", with: "walking")
                let answer = try await client.call(endpoint.method, uri, token: token, body: "{}")
                // A route that exists answers with its own status, never the router's bare 404.
                #expect(answer.status != .notFound || answer.response.headers[.contentType] == "application/problem+json", "\(uri)")
                #expect(answer.status.code < 500, "\(uri)")
            }
        }
    }
}
