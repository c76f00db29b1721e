import Foundation
import SteadyStore

extension API {
    /// The OpenAPI 3.1 document of ``endpoints`` (pretty, sorted keys: the committed copy is
    /// compared byte for byte).
    public static func document() -> String {
        var paths: [String: [String: Any]] = [:]
        for endpoint in endpoints {
            var operation: [String: Any] = ["operationId": endpoint.operation.rawValue, "summary": endpoint.summary]
            if !endpoint.roles.isEmpty {
                operation["security"] = [["bearer": [String]()]]
                operation["description"] = "Allowed: " + endpoint.roles.joined(separator: ", ") + "."
            } else {
                operation["security"] = [[String: [String]]]()
            }
            var parameters: [[String: Any]] = endpoint.pathParameters.map { name in
                let schema: [String: Any] = name == "plan" ? ["type": "integer", "minimum": 1] : ["type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"]
                return ["name": name, "in": "path", "required": true, "schema": schema]
            }
            parameters += endpoint.query.map { query in
                let schema: [String: Any] = switch query.value {
                case .integer(let range): ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound]
                case .choice(let values): ["enum": values]
                case .date: ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
                }
                return ["name": query.name, "in": "query", "required": false, "description": query.description, "schema": schema]
            }
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if let body = endpoint.body {
                let type = body == "ClinicLayer" ? "application/yaml" : "application/json"
                var content: [String: Any] = [type: ["schema": ["$ref": "#/components/schemas/\(body)"]]]
                if endpoint.operation == .createCheckIn { content["application/fhir+json"] = ["schema": ["$ref": "#/components/schemas/FHIRBundle"]] }
                operation["requestBody"] = ["required": true, "content": content]
            }
            var responses: [String: Any] = [:]
            let content: [String: Any]
            if let schema = endpoint.success.schema {
                content = ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]
                    .merging(endpoint.operation == .todaysPlan || endpoint.operation == .getPlan
                             ? ["application/fhir+json": ["schema": ["$ref": "#/components/schemas/FHIRBundle"]]] : [:]) { $1 }
            } else if endpoint.operation == .exportCheckIns {
                content = ["application/json": ["schema": ["type": "array"]], "text/csv": ["schema": ["type": "string"]]]
            } else {
                content = ["application/json": ["schema": ["type": "object"]]]
            }
            responses[String(endpoint.success.status)] = ["description": "Success", "content": content]
            let problem: [String: Any] = ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]
            for status in endpoint.errors {
                responses[String(status)] = ["description": Self.errorDescription(status), "content": problem]
            }
            if !endpoint.roles.isEmpty {
                // Any other client error (a malformed id, a record that no longer reads back) is a problem too.
                responses["4XX"] = ["description": "Another client error", "content": problem]
                responses["503"] = ["description": "The database is busy; try again", "content": problem]
            }
            operation["responses"] = responses
            paths[endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = operation
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "Steady", "version": "1",
                     "description": "Self-management plans for cervical dystonia, from a clinic's rule set. Suggestions, never medical advice."],
            "servers": [["url": "http://127.0.0.1:8080"]],
            "paths": paths,
            "components": ["schemas": schemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func errorDescription(_ status: Int) -> String {
        switch status {
        case 400: "The request is malformed (a parameter or body that cannot be read)"
        case 401: "No valid bearer token"
        case 403: "The account may not do this (another patient's records, or the wrong role)"
        case 404: "Nothing stored under that id or for that day (or not the account's to see)"
        case 422: "The state or profile is not valid: every diagnostic, with its field"
        case 429: "Too many failed sign-ins for this account; wait 15 minutes"
        case 412: "No Observations to plan from: no prefetch, or a FHIR server that is not allowed or did not answer"
        default: "Error"
        }
    }

    private static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    private static var string: [String: Any] { ["type": "string"] }
    private static var integer: [String: Any] { ["type": "integer"] }
    private static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    private static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }
    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    static var schemas: [String: Any] {
        let alert = object(["level": ["enum": ["emergency", "crisis", "urgent", "clinician"]], "message": string, "action": nullableString],
                           required: ["level", "message", "action"])
        return [
            "Health": object(["status": string], required: ["status"]),
            "Problem": object([
                "type": string, "title": string, "status": integer, "detail": string, "code": string,
                "errors": array(object(["code": string, "field": string, "message": string, "hint": string, "location": string], required: ["code", "message"])),
            ], required: ["type", "title", "status", "detail"]),
            "Credentials": object(["name": string, "password": string], required: ["name", "password"]),
            "Account": object(["name": string, "role": ["enum": ["patient", "clinician", "auditor", "admin"]], "patient": nullableString],
                              required: ["name", "role", "patient"]),
            "Token": object(["token": string, "expires": string, "account": ref("Account")], required: ["token", "expires", "account"]),
            "Alert": alert,
            "PatientList": object(["patients": array(object(["patient": string, "last_check_in": nullableString, "alerts": array(ref("Alert"))],
                                                             required: ["patient", "last_check_in", "alerts"]))], required: ["patients"]),
            "State": ["type": "object", "description": "A patient's state for a day, as a state file writes it (see steady schema state)"],
            "CheckInResult": object(["patient": string, "date": string, "version": integer, "alerts": array(ref("Alert"))],
                                    required: ["patient", "date", "version", "alerts"]),
            "CheckInList": object(["patient": string, "check_ins": array(object(["date": string, "version": integer, "state": ["type": "object"]],
                                                                               required: ["date", "version", "state"]))],
                                  required: ["patient", "check_ins"]),
            "Profile": object([
                "patient": string, "version": ["type": ["integer", "null"]], "from": nullableString,
                "facts": array(object(["fact": string, "value": [:] as [String: Any], "since": string, "description": string],
                                      required: ["fact", "value", "since", "description"])),
            ], required: ["patient", "version", "from", "facts"]),
            "ProfileChange": object(["set": ["type": "object", "description": "Standing facts by name, with their new values"],
                                     "unset": array(string), "date": string], required: []),
            "StoredPlan": object(["id": integer, "patient": string, "date": string, "plan": ["type": "object"]],
                                 required: ["id", "patient", "date", "plan"]),
            "Explanation": object(["plan": integer, "action": string, "audience": string, "text": string],
                                  required: ["plan", "action", "audience", "text"]),
            "MarkChange": object(Dictionary(uniqueKeysWithValues: Mark.allCases.map { ($0.rawValue, ["type": "boolean"] as [String: Any]) }),
                                 required: []),
            "ItemMarks": object(["plan": integer, "date": string, "action": string, "marks": array(["enum": Mark.allCases.map(\.rawValue)])],
                                required: ["plan", "date", "action", "marks"]),
            "DayMarks": object(["plan": integer, "date": string,
                                "marks": ["type": "object", "additionalProperties": array(["enum": Mark.allCases.map(\.rawValue)])]],
                               required: ["plan", "date", "marks"]),
            "FHIRBundle": object(["resourceType": ["const": "Bundle"], "type": string, "entry": array(["type": "object"])], required: ["resourceType"]),
            "CDSDiscovery": object(["services": array(object(["hook": string, "id": string, "title": string, "description": string,
                                                                 "prefetch": ["type": "object"], "usageRequirements": string],
                                                                required: ["hook", "id", "description"]))], required: ["services"]),
            "CDSHookRequest": object(["hook": string, "hookInstance": string, "context": object(["patientId": string], required: ["patientId"]),
                                      "prefetch": ["type": "object"], "fhirServer": string, "fhirAuthorization": ["type": "object"]],
                                     required: ["hook", "hookInstance", "context"]),
            "CDSCards": object(["cards": array(object([
                "uuid": string, "summary": ["type": "string", "maxLength": 140], "indicator": ["enum": ["info", "warning", "critical"]],
                "detail": string, "source": object(["label": string, "url": string], required: ["label"]),
                "selectionBehavior": string, "suggestions": array(["type": "object"]),
            ], required: ["uuid", "summary", "indicator", "source"]))], required: ["cards"]),
            "CDSFeedback": object(["feedback": array(object(["card": string, "outcome": ["enum": ["accepted", "overridden"]],
                                                             "overrideReason": ["type": "object"], "outcomeTimestamp": string],
                                                            required: ["card", "outcome"]))], required: ["feedback"]),
            "FeedbackStored": object(["stored": integer], required: ["stored"]),
            "AuditVerification": object(["intact": ["type": "boolean"], "entries": integer, "head": string, "authenticated": ["type": "boolean"],
                                         "problem": nullableString], required: ["intact", "entries", "head", "authenticated", "problem"]),
            "AuditedPlan": object(["id": integer, "patient": string, "date": string, "record": ["type": "object"],
                                   "replay": object(["identical": ["type": "boolean"], "differences": array(string)], required: ["identical", "differences"])],
                                  required: ["id", "patient", "date", "record", "replay"]),
            "ClinicLayer": ["type": "string", "description": "A rule file (YAML) layered after the rules in force: params, disable, override, rules"],
            "Impact": object(["warnings": array(string), "report": ["type": "object"]], required: ["warnings", "report"]),
            "RuleSet": object([
                "name": string, "version": string, "hash": string, "snapshot": string, "catalog": string, "policy": string, "rules": integer,
                "tests": object(["passed": integer, "failed": integer], required: ["passed", "failed"]),
                "coverage": object(["fired": integer, "rules": integer], required: ["fired", "rules"]),
                "warnings": array(string),
            ], required: ["name", "version", "hash", "snapshot", "catalog", "policy", "rules", "tests", "coverage", "warnings"]),
        ]
    }
}
