import Foundation
import Hummingbird
import SteadyFHIR

/// Every route of the server in one table: the router is built from it and the OpenAPI 3.1
/// document (`/api/v1/openapi.json`, committed as `docs/openapi.json`) is written from it, so
/// the two cannot drift.
public enum API {
    /// What a route does; ``SteadyService`` handles each.
    public enum Operation: String, Sendable, CaseIterable {
        case health, openAPI, createToken, me, createCheckIn, listCheckIns, exportCheckIns, getProfile, updateProfile,
             todaysPlan, getPlan, why, whyNot, getMarks, updateMarks, listPatients, verifyAudit, auditPlan, exportAuditPlan, ruleSet, impact,
             cdsDiscovery, cdsService, cdsFeedback
    }

    /// What a query parameter accepts (anything else answers 400).
    public enum QueryValue: Sendable {
        case integer(ClosedRange<Int>)
        case choice([String])
        case date
    }

    public struct Endpoint: Sendable {
        public let method: HTTPRequest.Method
        /// The path as OpenAPI writes it: `/api/v1/patients/{patient}/checkins`.
        public let path: String
        public let operation: Operation
        public let summary: String
        /// Who may call it (empty: anyone, no token).
        public let roles: [String]
        /// Query parameters: name, what it accepts, description.
        public let query: [(name: String, value: QueryValue, description: String)]
        /// The request body's schema (a name in `components/schemas`), if it has one.
        public let body: String?
        /// The success status and the response's schema name (nil: `text/csv` or free JSON).
        public let success: (status: Int, schema: String?)
        /// The error statuses it can answer with (each a problem+json).
        public let errors: [Int]

        /// The path as Hummingbird's router reads it: `/api/v1/patients/:patient/checkins`.
        public var routerPath: String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix("{") ? ":" + part.dropFirst().dropLast() : part
            }.joined(separator: "/")
        }

        /// The path's `{parameters}`.
        public var pathParameters: [String] {
            path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
        }
    }

    static let data = ["patient (own records)", "clinician (assigned patients)", "admin"]

    public static let endpoints: [Endpoint] = [
        Endpoint(method: .get, path: "/healthz", operation: .health, summary: "The server is up", roles: [], query: [], body: nil,
                 success: (200, "Health"), errors: []),
        Endpoint(method: .get, path: "/api/v1/openapi.json", operation: .openAPI, summary: "This document", roles: [], query: [], body: nil,
                 success: (200, nil), errors: []),
        Endpoint(method: .post, path: "/api/v1/tokens", operation: .createToken, summary: "Sign in: a bearer token for an account's name and password",
                 roles: [], query: [], body: "Credentials", success: (201, "Token"), errors: [400, 401, 429]),
        Endpoint(method: .get, path: "/api/v1/me", operation: .me, summary: "The signed-in account", roles: ["any"], query: [], body: nil,
                 success: (200, "Account"), errors: [401]),
        Endpoint(method: .get, path: "/api/v1/patients", operation: .listPatients,
                 summary: "Patients the account may see, with their last check-in and its alerts, alerts first",
                 roles: ["clinician (assigned patients)", "admin"], query: [], body: nil, success: (200, "PatientList"), errors: [401, 403]),
        Endpoint(method: .post, path: "/api/v1/patients/{patient}/checkins", operation: .createCheckIn,
                 summary: "Check in: store the day's state (validated like a state file) and return the alerts it raises",
                 roles: data, query: [], body: "State", success: (201, "CheckInResult"), errors: [400, 401, 403, 422]),
        Endpoint(method: .get, path: "/api/v1/patients/{patient}/checkins", operation: .listCheckIns, summary: "Recent check-ins, newest first",
                 roles: data, query: [("days", .integer(1...3650), "How many days back from today, 1 to 3650 (default 30)")], body: nil,
                 success: (200, "CheckInList"), errors: [400, 401, 403]),
        Endpoint(method: .get, path: "/api/v1/patients/{patient}/checkins/export", operation: .exportCheckIns,
                 summary: "Every check-in, as CSV or JSON (the format steady checkin --import reads)", roles: data,
                 query: [("format", .choice(["csv", "json"]), "csv or json (default json)")], body: nil, success: (200, nil), errors: [400, 401, 403]),
        Endpoint(method: .get, path: "/api/v1/patients/{patient}/profile", operation: .getProfile,
                 summary: "The profile in force today: standing facts with the day each was set", roles: data, query: [], body: nil,
                 success: (200, "Profile"), errors: [401, 403]),
        Endpoint(method: .put, path: "/api/v1/patients/{patient}/profile", operation: .updateProfile,
                 summary: "Set or clear standing facts: a new, audited version of the profile", roles: data, query: [], body: "ProfileChange",
                 success: (200, "Profile"), errors: [400, 401, 403, 422]),
        Endpoint(method: .get, path: "/api/v1/patients/{patient}/plans/today", operation: .todaysPlan,
                 summary: "Today's plan from the day's check-in, profile and history; stored (once per distinct input) with its id",
                 roles: data, query: [("date", .date, "Another day (YYYY-MM-DD) instead of today")], body: nil,
                 success: (200, "StoredPlan"), errors: [400, 401, 403, 404]),
        Endpoint(method: .get, path: "/api/v1/plans/{plan}", operation: .getPlan, summary: "A stored plan", roles: data + ["auditor"],
                 query: [], body: nil, success: (200, "StoredPlan"), errors: [401, 404]),
        Endpoint(method: .get, path: "/api/v1/plans/{plan}/why/{action}", operation: .why,
                 summary: "Why an action is in a stored plan, down to the values", roles: data + ["auditor"],
                 query: [("audience", .choice(["patient", "clinician", "auditor"]), "patient, clinician or auditor (default patient)")], body: nil,
                 success: (200, "Explanation"), errors: [400, 401, 404]),
        Endpoint(method: .get, path: "/api/v1/plans/{plan}/why-not/{action}", operation: .whyNot,
                 summary: "Why an action is not in a stored plan, and what would bring it in", roles: data + ["auditor"],
                 query: [("audience", .choice(["patient", "clinician", "auditor"]), "patient, clinician or auditor (default patient)")], body: nil,
                 success: (200, "Explanation"), errors: [400, 401, 404]),
        Endpoint(method: .get, path: "/api/v1/plans/{plan}/marks", operation: .getMarks,
                 summary: "What the patient marked on the plan's day: done, helpful, not for me, by action", roles: data,
                 query: [], body: nil, success: (200, "DayMarks"), errors: [401, 404]),
        Endpoint(method: .put, path: "/api/v1/plans/{plan}/items/{action}/marks", operation: .updateMarks,
                 summary: "Mark an item of one's own plan done, helpful or not for me (or clear a mark); rules read done(action, 7d)",
                 roles: ["patient (own records)"], query: [], body: "MarkChange", success: (200, "ItemMarks"), errors: [400, 401, 403, 404]),
        Endpoint(method: .get, path: "/api/v1/audit/verify", operation: .verifyAudit, summary: "Walk the audit chain",
                 roles: ["auditor", "admin"], query: [], body: nil, success: (200, "AuditVerification"), errors: [401, 403]),
        Endpoint(method: .get, path: "/api/v1/audit/plans/{plan}", operation: .auditPlan,
                 summary: "A stored plan's record and the result of replaying it on its snapshot", roles: ["auditor", "admin"], query: [],
                 body: nil, success: (200, "AuditedPlan"), errors: [401, 403, 404]),
        Endpoint(method: .get, path: "/api/v1/audit/plans/{plan}/export", operation: .exportAuditPlan,
                 summary: "A stored plan as a self-contained record an auditor can keep (steady audit verify --record)",
                 roles: ["auditor", "admin"], query: [], body: nil, success: (200, nil), errors: [401, 403, 404]),
        Endpoint(method: .get, path: "/api/v1/ruleset", operation: .ruleSet,
                 summary: "The rule set in force: name, version, hashes, its tests and their coverage", roles: ["clinician", "auditor", "admin"],
                 query: [], body: nil, success: (200, "RuleSet"), errors: [401, 403]),
        Endpoint(method: .post, path: "/api/v1/impact", operation: .impact,
                 summary: "Check an uploaded clinic layer (YAML, on top of the rules in force) and replay the patients' recent days with it: which plans would change",
                 roles: ["clinician (assigned patients)", "admin (every patient)"], query: [("days", .integer(1...365), "How many days back from today (default 30)")],
                 body: "ClinicLayer", success: (200, "Impact"), errors: [400, 401, 403, 422]),
        Endpoint(method: .get, path: "/cds-services", operation: .cdsDiscovery, summary: "CDS Hooks 2.0 discovery: the \(CDSHooks.serviceID) patient-view service",
                 roles: [], query: [], body: nil, success: (200, "CDSDiscovery"), errors: []),
        Endpoint(method: .post, path: "/cds-services/\(CDSHooks.serviceID)", operation: .cdsService,
                 summary: "CDS Hooks patient-view: cards from today's plan made from the patient's Observations (prefetch, or fetched from an allowed FHIR server)",
                 roles: ["clinician", "admin"], query: [], body: "CDSHookRequest", success: (200, "CDSCards"), errors: [400, 401, 403, 412, 422]),
        Endpoint(method: .post, path: "/cds-services/\(CDSHooks.serviceID)/feedback", operation: .cdsFeedback,
                 summary: "CDS Hooks feedback: each card accepted or overridden, stored as an audit entry",
                 roles: ["clinician", "admin"], query: [], body: "CDSFeedback", success: (200, "FeedbackStored"), errors: [400, 401, 403]),
    ]
}
