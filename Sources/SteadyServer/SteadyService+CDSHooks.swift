import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import SteadyFHIR
import SteadyRules
import SteadyStore

/// The CDS Hooks 2.0 service: discovery, the `patient-view` hook answered with cards from
/// today's plan, and the feedback endpoint (each outcome an audit entry).
extension SteadyService {
    /// `POST /cds-services/steady-coping-plan`: a clinician's EHR (with a Steady token) sends
    /// the patient's Observations as prefetch, or a FHIR server Steady may fetch them from.
    func cdsService(_ request: Request, _ context: ServerContext) async throws -> Response {
        let account = try require(context, [.clinician, .admin])
        let hook: CDSHooks.Request
        switch CDSHooks.Request.read(try await JSONResponse.object(request, context: context)) {
        case .success(let read): hook = read
        case .failure(let problem): throw Problem.badRequest(problem.message)
        }
        guard PatientID.isValid(hook.patientID) else { throw Problem.badRequest("context.patientId: " + PatientID.problem(hook.patientID)) }
        let data: Data
        if let observations = hook.observations {
            data = try JSONSerialization.data(withJSONObject: observations)
        } else if let server = hook.fhirServer {
            data = try await fetchObservations(server: server, patient: hook.patientID, token: hook.accessToken)
        } else {
            throw Problem(.preconditionFailed, "no-observations", "No Observations to plan from",
                          detail: "send prefetch.observations, or fhirServer (one the server allows) with fhirAuthorization")
        }
        let read = FHIRStateReader(schema: planner.ruleSet.schema).read(data, path: "observations", patient: hook.patientID)
        guard let facts = read.facts else {
            throw Problem.invalid("invalid-observations", "The Observations cannot be read as a state", diagnostics: read.diagnostics)
        }
        let planned = try planner.plan(facts)
        try await store.acting(as: account.name).logAccess(actor: account.name, action: "cds-hooks plan", patient: hook.patientID,
                                                          ref: hook.hookInstance)
        return try JSONResponse.make(CDSHooks.cards(planned, patient: hook.patientID, hookInstance: hook.hookInstance))
    }

    /// The patient's Observations from an allowed FHIR server (no redirects: a redirect could
    /// lead anywhere); a server not allowed, unreachable or answering anything but 200 is 412.
    func fetchObservations(server: String, patient: String, token: String?) async throws -> Data {
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        guard fhirServers.contains(base) else {
            throw Problem(.preconditionFailed, "fhir-server-not-allowed", "FHIR server not allowed",
                          detail: "this server fetches only from the FHIR servers given with steady serve --fhir-server")
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        defer { _ = client.shutdown() }
        var fetch = HTTPClientRequest(url: "\(base)/Observation?subject=Patient/\(patient)&_sort=-date&_count=1000")
        fetch.headers.add(name: "Accept", value: "application/fhir+json")
        if let token { fetch.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let failed = { (why: String) in Problem(.preconditionFailed, "fhir-server-failed", "The FHIR server did not answer", detail: why) }
        do {
            let response = try await client.execute(fetch, timeout: .seconds(10))
            guard response.status == .ok else { throw failed("it answered \(response.status.code)") }
            return Data(buffer: try await response.body.collect(upTo: Self.maximumFetch))
        } catch let problem as Problem {
            throw problem
        } catch {
            throw failed("the request failed (\(type(of: error)))")
        }
    }

    /// The largest Observation Bundle fetched from a FHIR server.
    static let maximumFetch = 16 * 1024 * 1024

    /// `POST /cds-services/steady-coping-plan/feedback`: `{"feedback": [{"card", "outcome", ...}]}`.
    func cdsFeedback(_ request: Request, _ context: ServerContext) async throws -> Response {
        let account = try require(context, [.clinician, .admin])
        let body = try await JSONResponse.object(request, context: context)
        guard let items = body["feedback"] as? [[String: Any]], (1...100).contains(items.count) else {
            throw Problem.badRequest("send {\"feedback\": [{\"card\": uuid, \"outcome\": \"accepted\" or \"overridden\"}]}, 1 to 100 of them")
        }
        let feedback = try items.enumerated().map { index, item in
            guard let card = item["card"] as? String, UUID(uuidString: card) != nil,
                  let outcome = item["outcome"] as? String, ["accepted", "overridden"].contains(outcome) else {
                throw Problem.badRequest("feedback[\(index)]: card is the card's uuid and outcome accepted or overridden")
            }
            let reason = item["overrideReason"] as? [String: Any]
            let text = ((reason?["reason"] as? [String: Any])?["code"] as? String) ?? reason?["userComment"] as? String ?? ""
            return CardFeedback(card: card, outcome: outcome, reason: String(text.prefix(200)))
        }
        try await store.acting(as: account.name).storeFeedback(feedback)
        return try JSONResponse.make(["stored": feedback.count])
    }
}
