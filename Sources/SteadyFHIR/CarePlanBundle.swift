import SteadyPlan
import SteadyRules

/// A daily plan as FHIR R4 resources in one Bundle: a `CarePlan` (status `draft`, intent
/// `proposal`) with one activity per plan item, one `CommunicationRequest` per alert (priority
/// `stat` for an emergency or crisis) referenced from the CarePlan, and a `Provenance` naming the
/// rule set, catalog and policy with their versions and hashes.
///
/// ```swift
/// let bundle = CarePlanBundle(plan: planned.plan, patient: "p1").resource
/// print(FHIRSystem.json(bundle))
/// ```
public struct CarePlanBundle: Sendable {
    public let plan: Plan
    /// The patient id (`Patient/{id}`); nil when the state names no patient.
    public let patient: String?

    public init(plan: Plan, patient: String?) {
        self.plan = plan
        self.patient = patient
    }

    /// The Bundle, as a JSON object.
    public var resource: [String: Any] {
        let day = plan.date?.description ?? "unknown"
        let key = "\(patient ?? "-")|\(day)|\(plan.provenance.ruleSetHash)"
        let carePlanURL = FHIRSystem.uuid("CarePlan", key)
        let alerts = plan.alerts.enumerated().map { index, alert in
            (fullUrl: FHIRSystem.uuid("CommunicationRequest", key, String(index)), resource: communicationRequest(alert))
        }
        let provenance = (fullUrl: FHIRSystem.uuid("Provenance", key), resource: provenanceResource(targets: [carePlanURL] + alerts.map(\.fullUrl)))
        let carePlan = (fullUrl: carePlanURL, resource: carePlanResource(alerts: alerts.map(\.fullUrl)))
        return FHIRSystem.bundle(id: FHIRSystem.id("plan-\(patient ?? "anonymous")-\(day)"), [carePlan] + alerts + [provenance])
    }

    /// The CarePlan alone (its alerts not included): what a CDS Hooks suggestion creates.
    public var carePlan: [String: Any] {
        var resource = carePlanResource(alerts: [])
        resource["id"] = FHIRSystem.id("plan-\(patient ?? "anonymous")-\(plan.date?.description ?? "unknown")")
        return resource
    }

    private var subject: [String: Any] {
        patient.map { ["reference": "Patient/\($0)"] } ?? ["display": "the patient whose state this is"]
    }

    private func carePlanResource(alerts: [String]) -> [String: Any] {
        let day = plan.date?.description
        let provenance = plan.provenance
        var resource: [String: Any] = [
            "resourceType": "CarePlan", "status": "draft", "intent": "proposal", "subject": subject,
            "title": "Coping plan" + (day.map { " for \($0)" } ?? ""),
            "description": PlanRenderer.disclaimer,
            "instantiatesCanonical": [FHIRSystem.canonical("PlanDefinition", provenance.ruleSet) + "|" + provenance.ruleSetVersion],
            "note": [["text": "\(plan.budgetUsed) of \(plan.budgetMinutes) minutes planned." + (plan.safetyCardOnly
                ? " A red flag was raised: only the safety card is shown, self-care waits." : "")]],
        ]
        if let day {
            resource["period"] = ["start": day, "end": day]
            resource["created"] = day
        }
        let activities = alerts.map { ["reference": ["reference": $0]] as [String: Any] } + plan.items.map(activity)
        if !activities.isEmpty { resource["activity"] = activities }
        return resource
    }

    private func activity(_ item: PlanItem) -> [String: Any] {
        let action = item.action
        var timing: [String: Any] = [:]
        if let day = plan.date?.description { timing["event"] = [day] }
        var repeating: [String: Any] = [:]
        if let when = Self.eventTiming[item.slot] { repeating["when"] = [when] }
        if action.minutes > 0 { (repeating["duration"], repeating["durationUnit"]) = (action.minutes, "min") }
        if !repeating.isEmpty { timing["repeat"] = repeating }
        var detail: [String: Any] = [
            "kind": "Task", "status": "not-started",
            "code": ["coding": [["system": FHIRSystem.actions, "code": action.id, "display": action.title]], "text": action.title],
            "description": ([action.title + (action.minutes > 0 ? " (\(action.minutes) min)" : "")] + action.steps).joined(separator: "\n"),
            "reasonCode": item.reasons.map { ["text": $0.text] },
            "instantiatesCanonical": [FHIRSystem.canonical("ActivityDefinition", action.id)],
        ]
        if !timing.isEmpty { detail["scheduledTiming"] = timing }
        return ["detail": detail]
    }

    private func communicationRequest(_ alert: PlanAlert) -> [String: Any] {
        var resource: [String: Any] = [
            "resourceType": "CommunicationRequest", "status": "active", "subject": subject,
            "priority": Self.priority[alert.level]!,
            "payload": [["contentString": alert.message.text]],
            "reasonCode": [["text": "\(alert.level.rawValue) alert from rule \(alert.rules.joined(separator: ", "))"]],
        ]
        if let day = plan.date?.description { resource["authoredOn"] = day }
        if let action = alert.action {
            resource["note"] = [["text": ([action.title] + action.steps).joined(separator: "\n")]]
        }
        return resource
    }

    private func provenanceResource(targets: [String]) -> [String: Any] {
        let p = plan.provenance
        return [
            "resourceType": "Provenance", "target": targets.map { ["reference": $0] },
            // The plan's day: a record of what made the plan, the same on every run.
            "recorded": "\(plan.date?.description ?? "1970-01-01")T00:00:00Z",
            "agent": [["who": ["display": "Steady, rule set \(p.ruleSet) \(p.ruleSetVersion)"]]],
            "entity": [
                ["role": "source", "what": ["identifier": ["system": FHIRSystem.base + "/rule-set", "value": p.ruleSetHash],
                                             "display": "rule set \(p.ruleSet) \(p.ruleSetVersion)"]],
                ["role": "source", "what": ["identifier": ["system": FHIRSystem.base + "/catalog", "value": p.catalogHash],
                                             "display": "catalog \(p.catalog) \(p.catalogVersion)"]],
                ["role": "source", "what": ["display": "policy \(p.policy) \(p.policyVersion)"]],
            ],
        ]
    }

    /// FHIR's EventTiming for each slot (`any` has none).
    static let eventTiming: [CatalogAction.Slot: String] = [.morning: "MORN", .midday: "NOON", .evening: "EVE"]

    /// The CommunicationRequest priority of each alert level.
    static let priority: [Alert.Level: String] = [.emergency: "stat", .crisis: "stat", .urgent: "urgent", .clinician: "routine"]
}
