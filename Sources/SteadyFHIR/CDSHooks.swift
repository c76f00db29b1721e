import SteadyPlan
import SteadyRules

/// The CDS Hooks 2.0 side of Steady, as values (the server carries them over HTTP): the
/// discovery document of its one `patient-view` service, the parts of a hook request it reads,
/// and the cards a plan becomes.
public enum CDSHooks {
    /// The service's id in `/cds-services/{id}`.
    public static let serviceID = "steady-coping-plan"
    /// `GET /cds-services`.
    public static var discovery: [String: Any] {
        ["services": [[
            "hook": "patient-view", "id": serviceID, "title": "Steady coping plan",
            "description": "Today's self-management plan for a person with cervical dystonia, from their recent check-ins (Observations): red flags first, with the rules that made each suggestion.",
            "prefetch": ["patient": "Patient/{{context.patientId}}",
                         "observations": "Observation?subject=Patient/{{context.patientId}}&_sort=-date&_count=1000"],
            "usageRequirements": "Send a Steady API token (clinician) as the bearer; Observations coded as docs/fhir.md describes.",
        ] as [String: Any]]]
    }

    /// What Steady reads of a hook request.
    public struct Request {
        public let hook: String
        public let hookInstance: String
        public let patientID: String
        /// The prefetched Observations (a searchset Bundle), when the client sent them.
        public let observations: [String: Any]?
        public let fhirServer: String?
        /// `fhirAuthorization.access_token`, for a fetch from `fhirServer`.
        public let accessToken: String?

        /// Reads a request body; the problem, when it is not one.
        public static func read(_ body: [String: Any]) -> Result<Request, RequestProblem> {
            guard let hook = body["hook"] as? String, let instance = body["hookInstance"] as? String else {
                return .failure(RequestProblem("a hook request has hook and hookInstance"))
            }
            guard hook == "patient-view" else { return .failure(RequestProblem("this service answers the patient-view hook, not \(hook)")) }
            guard let patient = (body["context"] as? [String: Any])?["patientId"] as? String, !patient.isEmpty else {
                return .failure(RequestProblem("context.patientId is required"))
            }
            let prefetch = body["prefetch"] as? [String: Any]
            let authorization = body["fhirAuthorization"] as? [String: Any]
            return .success(Request(hook: hook, hookInstance: instance, patientID: patient,
                                    observations: prefetch?["observations"] as? [String: Any], fhirServer: body["fhirServer"] as? String,
                                    accessToken: authorization?["access_token"] as? String))
        }
    }

    /// Why a hook request cannot be read.
    public struct RequestProblem: Error, Sendable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// The cards for a plan: one `critical` card per emergency or crisis alert, one `warning`
    /// card per other alert and per item that contacts a clinician, and one `info` card with
    /// the rest of the plan and a suggestion that creates its CarePlan. Each card's `detail` is
    /// the clinician's explanation; `source` names the rule set and its version.
    public static func cards(_ planned: Planned, patient: String, hookInstance: String) -> [String: Any] {
        let plan = planned.plan
        let provenance = plan.provenance
        let source: [String: Any] = ["label": "Steady rule set \(provenance.ruleSet) \(provenance.ruleSetVersion)",
                                     "url": FHIRSystem.canonical("PlanDefinition", provenance.ruleSet)]
        let renderer = ExplanationRenderer(audience: .clinician, plan: plan)
        func card(_ indicator: String, _ summary: String, _ detail: String, key: String) -> [String: Any] {
            ["uuid": String(FHIRSystem.uuid("card", hookInstance, key).dropFirst(9)), "indicator": indicator,
             "summary": Self.summary(summary), "detail": detail, "source": source]
        }
        var cards: [[String: Any]] = plan.alerts.enumerated().map { index, alert in
            let detail = alert.message.text + (alert.action.map { "\n\n**\($0.title)**\n\n" + $0.steps.map { "1. \($0)" }.joined(separator: "\n") } ?? "")
            return card(alert.level == .emergency || alert.level == .crisis ? "critical" : "warning",
                        "\(alert.level.rawValue.capitalized) alert: " + alert.message.text, detail, key: "alert\(index)")
        }
        let contacts = plan.items.filter { $0.action.category == .medical }
        for item in contacts {
            cards.append(card("warning", item.action.title, "```\n" + renderer.render(planned.explainer.why(item.action)) + "\n```",
                              key: "item-\(item.action.id)"))
        }
        let others = plan.items.filter { $0.action.category != .medical }
        if !others.isEmpty {
            var plan = card("info", "Coping plan for today: " + others.map(\.action.title).joined(separator: "; "),
                            others.map { "**\($0.action.title)**\n\n```\n" + renderer.render(planned.explainer.why($0.action)) + "\n```" }
                                .joined(separator: "\n\n"), key: "plan")
            plan["selectionBehavior"] = "at-most-one"
            plan["suggestions"] = [[
                "label": "Add today's coping plan to the chart as a draft CarePlan", "isRecommended": true,
                "uuid": String(FHIRSystem.uuid("suggestion", hookInstance).dropFirst(9)),
                "actions": [["type": "create", "description": "A draft CarePlan (proposal) with today's self-management activities",
                             "resource": CarePlanBundle(plan: planned.plan, patient: patient).carePlan]],
            ]]
            cards.append(plan)
        }
        return ["cards": cards]
    }

    /// At most 140 characters, as CDS Hooks requires of a summary (cut at a word, with "…").
    static func summary(_ text: String) -> String {
        guard text.count > 140 else { return text }
        let cut = text.prefix(139)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}
