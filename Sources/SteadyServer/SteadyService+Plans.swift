import Foundation
import Hummingbird
import SteadyEngine
import SteadyFHIR
import SteadyPlan
import SteadyRules
import SteadyStore

extension SteadyService {
    /// `GET /api/v1/patients/{patient}/plans/today[?date=]`: the day's plan from its check-in,
    /// the profile in force and the history, as `steady plan --patient` makes it; stored once per
    /// distinct input, so reading it again returns the same id. With `Accept: application/fhir+json`,
    /// the plan as a FHIR CarePlan Bundle (docs/fhir.md).
    func todaysPlan(_ request: Request, _ context: ServerContext) async throws -> Response {
        let patient = try patientParameter(context)
        let (_, acting) = try patientStore(context, patient: patient)
        let day = try request.uri.queryParameters.get("date").map { text in
            guard let day = Day(iso: text) else { throw Problem.badRequest("date is YYYY-MM-DD") }
            return day
        } ?? Day.today
        // No check-in that day: 404 ("a check-in for p1 on 2026-12-03 is not stored").
        let patientDay = try acting.patientDay(patient: patient, day: day, schema: planner.ruleSet.schema)
        let fhir = JSONResponse.acceptsFHIR(request)
        // The same inputs as the newest stored plan, read before: its JSON, with no planning.
        if !fhir, let id = try acting.latestPlanID(patient: patient, day: day, sameInputsAs: patientDay.facts, snapshot: planner.snapshotHash),
           let json = cache.json(for: id, profile: patientDay.profile) {
            try await acting.logAccess(actor: acting.actor, action: "read plan", patient: patient, ref: String(id))
            return JSONResponse.text(json)
        }
        let (stored, planned) = try await planAndStore(patientDay, patient: patient, acting: acting)
        if fhir { return JSONResponse.fhir(CarePlanBundle(plan: planned.plan, patient: patient).resource) }
        let json = try Self.storedPlanJSON(stored, plan: planned.plan)
        cache.store(json, for: stored.id, profile: patientDay.profile)
        return JSONResponse.text(json)
    }

    /// `GET /api/v1/plans/{plan}`: replayed on its snapshot to render it (as JSON, or a FHIR
    /// CarePlan Bundle with `Accept: application/fhir+json`).
    func getPlan(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (_, acting, stored) = try visiblePlan(context)
        let replay = try acting.replay(planID: stored.id)
        try await acting.logAccess(actor: acting.actor, action: "read plan", patient: stored.patient, ref: String(stored.id))
        if JSONResponse.acceptsFHIR(request) { return JSONResponse.fhir(CarePlanBundle(plan: replay.planned.plan, patient: stored.patient).resource) }
        return JSONResponse.text(try Self.storedPlanJSON(stored, plan: replay.planned.plan))
    }

    /// `GET /api/v1/plans/{plan}/why/{action}` and `.../why-not/{action}`, for an audience.
    func explain(_ request: Request, _ context: ServerContext, whyNot: Bool) async throws -> Response {
        let (_, acting, stored) = try visiblePlan(context)
        let id: String = try context.parameters.require("action")
        let audienceName = request.uri.queryParameters.get("audience") ?? Audience.patient.rawValue
        guard let audience = Audience(rawValue: audienceName) else { throw Problem.badRequest("audience is patient, clinician or auditor") }
        let (_, text) = try await explanation(of: id, in: stored, acting: acting, audience: audience, whyNot: whyNot)
        return try JSONResponse.make(["plan": stored.id, "action": id, "audience": audience.rawValue, "text": text])
    }

    /// Plans a patient's day, stores it (once per distinct input) and logs the read: the API's
    /// today's plan and the patient's page.
    func planAndStore(_ day: PatientDay, patient: String, acting: Store) async throws -> (StoredPlan, Planned) {
        let planned = try planner.plan(day.facts, profile: day.profile)
        let stored = try acting.storePlanOnce(patient: patient, facts: day.facts, planned: planned)
        try await acting.logAccess(actor: acting.actor, action: "read plan", patient: patient, ref: String(stored.id))
        return (stored, planned)
    }

    /// Why (or why not) action `id` is in the stored plan, replayed on its snapshot, for
    /// `audience`; the read is logged. The action as the plan's own catalog had it when the plan
    /// holds it, else today's catalog, is returned with the text; an unknown id is 404.
    func explanation(of id: String, in stored: StoredPlan, acting: Store, audience: Audience, whyNot: Bool) async throws -> (CatalogAction, String) {
        let planned = try acting.replay(planID: stored.id).planned
        let plan = planned.plan
        let known = plan.items.map(\.action) + plan.removed.map(\.action) + plan.alerts.compactMap(\.action)
        guard let action = known.first(where: { $0.id == id }) ?? planner.catalog.action(id) else {
            throw Problem.notFound("no action '\(id)' in the catalog")
        }
        let renderer = ExplanationRenderer(audience: audience, plan: plan, words: FactWords(schema: planned.ruleSet.schema))
        let text = whyNot ? renderer.render(planned.explainer.whyNot(action)) : renderer.render(planned.explainer.why(action))
        try await acting.logAccess(actor: acting.actor, action: whyNot ? "why-not" : "why", patient: stored.patient, ref: "\(stored.id) \(id)")
        return (action, text)
    }

    /// `{"id", "patient", "date", "plan": <the plan as steady plan --format json prints it>}`.
    static func storedPlanJSON(_ stored: StoredPlan, plan: Plan) throws -> String {
        let head = try JSONSerialization.data(withJSONObject: ["id": stored.id, "patient": stored.patient, "date": stored.day.description],
                                              options: [.sortedKeys])
        // The plan's own JSON is the CLI's, spliced in rather than decoded and encoded again.
        return String(decoding: head.dropLast(), as: UTF8.self) + ",\"plan\":" + (try PlanJSON.encode(plan)) + "}"
    }
}
