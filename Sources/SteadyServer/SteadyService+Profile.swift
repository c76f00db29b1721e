import Foundation
import Hummingbird
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

extension SteadyService {
    /// `GET /api/v1/patients/{patient}/profile`: the version in force today.
    func getProfile(_ context: ServerContext) async throws -> Response {
        let patient = try patientParameter(context)
        let (_, acting) = try patientStore(context, patient: patient)
        let stored = try acting.profile(patient: patient, on: Day.today)
        try await acting.logAccess(actor: acting.actor, action: "read profile", patient: patient, ref: stored.map { String($0.id) } ?? "")
        return try JSONResponse.make(try profileJSON(patient: patient, stored: stored))
    }

    /// `PUT /api/v1/patients/{patient}/profile` with `{"set": {...}, "unset": [...], "date": "YYYY-MM-DD"}`:
    /// standing facts only, each value validated like a state's; a new, audited version.
    func updateProfile(_ request: Request, _ context: ServerContext) async throws -> Response {
        let patient = try patientParameter(context)
        let (_, acting) = try patientStore(context, patient: patient)
        let body = try await JSONResponse.object(request, context: context)
        guard Set(body.keys).isSubset(of: ["set", "unset", "date"]), let set = (body["set"] ?? [String: Any]()) as? [String: Any],
              let unset = (body["unset"] ?? [String]()) as? [String], set.count + unset.count > 0 else {
            throw Problem.badRequest("send {\"set\": {fact: value}, \"unset\": [fact]} with at least one change")
        }
        let day = try (body["date"] as? String).map { text in
            guard let day = Day(iso: text) else { throw Problem.badRequest("date is YYYY-MM-DD") }
            return day
        } ?? Day.today
        if let problem = PatientDay.tooFarAhead(day) { throw Problem.badRequest(problem) }
        let schema = planner.ruleSet.schema
        let notStanding = Profile.notStanding(Array(set.keys) + unset, schema: schema)
        guard notStanding.isEmpty else {
            throw Problem(.unprocessableContent, "not-standing", "Not a standing fact", detail: "only standing facts belong in a profile",
                          code: DiagnosticCode.unknownStateField.rawValue,
                          errors: notStanding.sorted().map { .init(code: DiagnosticCode.unknownStateField.rawValue, field: $0,
                                                                    message: "'\($0)' is not a standing fact", hint: "report it in a check-in") })
        }
        // The values, nested as a state writes them, read like one (dated `day`, for not_future).
        var state = StateObject.nested(set)
        state[Schema.dateFact] = day.description
        let reader = StateReader(schema: schema)
        let read = reader.read(jsonLine: try JSONSerialization.data(withJSONObject: state), path: "body", line: 1)
        guard let facts = read.facts else { throw Problem.invalid("invalid-profile", "The profile is not valid", diagnostics: read.diagnostics) }
        var profile = Profile()
        if let current = try acting.profile(patient: patient, on: day) {
            guard let read = current.profile(reader: reader) else {
                throw Problem(.conflict, "unreadable", "The stored profile no longer fits the rule set", detail: "version \(current.version)")
            }
            profile = read
        }
        let values = facts.values.filter { $0.key != Schema.dateFact }
        let stored = try acting.saveProfile(patient: patient, day: day, profile: profile.changed(setting: values, removing: unset, on: day))
        return try JSONResponse.make(try profileJSON(patient: patient, stored: stored))
    }

    private func profileJSON(patient: String, stored: StoredProfile?) throws -> [String: Any] {
        let words = FactWords(schema: planner.ruleSet.schema)
        guard let stored else { return ["patient": patient, "version": NSNull(), "from": NSNull(), "facts": [Any]()] }
        guard let profile = stored.profile(reader: StateReader(schema: planner.ruleSet.schema)) else {
            throw Problem(.conflict, "unreadable", "The stored profile no longer fits the rule set", detail: "version \(stored.version)")
        }
        let state = (try? JSONSerialization.jsonObject(with: Data(stored.state.utf8)) as? [String: Any]) ?? [:]
        return ["patient": patient, "version": stored.version, "from": stored.day.description,
                "facts": profile.values.keys.sorted().map { name in
                    let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                    let value = parts.count == 2 ? (state[parts[0]] as? [String: Any])?[parts[1]] : state[name]
                    return ["fact": name, "value": value ?? NSNull(), "since": profile.since[name]?.description ?? "",
                            "description": words.name(name)] as [String: Any]
                }]
    }
}
