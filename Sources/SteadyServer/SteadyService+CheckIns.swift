import Foundation
import Hummingbird
import SteadyEngine
import SteadyFHIR
import SteadyPlan
import SteadyRules
import SteadyStore

extension SteadyService {
    /// `POST /api/v1/patients/{patient}/checkins`: a state (its `date` defaults to today),
    /// validated like a state file, or with `Content-Type: application/fhir+json` a FHIR Bundle
    /// of the patient's Observations (each day in it a check-in: docs/fhir.md). Every problem
    /// comes back at once (422) and nothing is stored. The answer carries the alerts the
    /// (latest) check-in raises with the profile and recent check-ins.
    func createCheckIn(_ request: Request, _ context: ServerContext) async throws -> Response {
        let patient = try patientParameter(context)
        let (_, acting) = try patientStore(context, patient: patient)
        let bytes = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        let isFHIR = request.headers[.contentType]?.hasPrefix("application/fhir+json") == true
        let facts = isFHIR ? try fhirCheckIn(bytes, patient: patient) : try jsonCheckIn(bytes)
        if let problem = PatientDay.tooFarAhead(facts.today!) {
            throw Problem(.unprocessableContent, "future-date", "The check-in is dated ahead", detail: problem, code: DiagnosticCode.stateOutOfRange.rawValue,
                          errors: [.init(code: DiagnosticCode.stateOutOfRange.rawValue, field: Schema.dateFact, message: problem, hint: nil)])
        }
        let day = try acting.patientDay(patient: patient, day: facts.today!, schema: planner.ruleSet.schema, checkIn: facts)
        var planned = day.facts
        planned.history.merge(facts.history) { $1 }
        let plan = try planner.plan(for: planned, profile: day.profile)
        // The earlier days a Bundle holds are check-ins too, stored with today's in one transaction.
        let earlier = facts.history.keys.sorted().map { (patient: patient, facts: FactBase(values: facts.history[$0]!, today: $0)) }
        let checkIn = try acting.checkIns(earlier + [(patient, facts)]).last!
        return try JSONResponse.make(["patient": patient, "date": checkIn.day.description, "version": checkIn.version,
                                      "alerts": plan.alerts.map(Self.json)], status: .created)
    }

    /// A check-in's JSON state. The body's own bytes go to the state reader, so a repeated key
    /// or a whole number written as 7.0 is refused exactly as in a state file; only a missing
    /// date is added.
    private func jsonCheckIn(_ body: [UInt8]) throws -> FactBase {
        var bytes = body
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw Problem.badRequest("the body must be a JSON object")
        }
        if object[Schema.dateFact] == nil, let brace = bytes.firstIndex(of: UInt8(ascii: "{")) {
            bytes.insert(contentsOf: Array("\"\(Schema.dateFact)\":\"\(Day.today)\"\(object.isEmpty ? "" : ",")".utf8), at: brace + 1)
        }
        let read = StateReader(schema: planner.ruleSet.schema).read(jsonLine: Data(bytes), path: "body", line: 1)
        guard let facts = read.facts else { throw Problem.invalid("invalid-state", "The state is not valid", diagnostics: read.diagnostics) }
        return facts
    }

    /// A check-in's FHIR Bundle: the latest day's facts, with the earlier days as history.
    private func fhirCheckIn(_ body: [UInt8], patient: String) throws -> FactBase {
        let read = FHIRStateReader(schema: planner.ruleSet.schema).read(Data(body), path: "body", patient: patient)
        guard let facts = read.facts else {
            throw Problem.invalid("invalid-observations", "The Observations cannot be read as a state", diagnostics: read.diagnostics)
        }
        return facts
    }

    /// `GET /api/v1/patients/{patient}/checkins?days=30`.
    func listCheckIns(_ request: Request, _ context: ServerContext) async throws -> Response {
        let patient = try patientParameter(context)
        let (_, acting) = try patientStore(context, patient: patient)
        let days = try Self.integer(request, "days", default: 30, in: 1...3650)
        let checkIns = try acting.checkIns(patient: patient, through: Day.today, days: days)
        try await acting.logAccess(actor: acting.actor, action: "list check-ins", patient: patient, ref: "\(days) days")
        return try JSONResponse.make(["patient": patient, "check_ins": checkIns.map { checkIn in
            ["date": checkIn.day.description, "version": checkIn.version,
             "state": (try? JSONSerialization.jsonObject(with: Data(checkIn.state.utf8))) ?? [:]]
        }])
    }

    /// `GET /api/v1/patients/{patient}/checkins/export?format=csv|json`.
    func exportCheckIns(_ request: Request, _ context: ServerContext) async throws -> Response {
        let patient = try patientParameter(context)
        let (_, acting) = try patientStore(context, patient: patient)
        let name = request.uri.queryParameters.get("format") ?? "json"
        guard let format = CheckInExchange.Format(rawValue: name) else { throw Problem.badRequest("format is csv or json") }
        guard let text = CheckInExchange.write(try acting.allCheckIns(patient: patient), format: format,
                                               reader: StateReader(schema: planner.ruleSet.schema)) else {
            throw Problem(.conflict, "unreadable", "A stored check-in no longer fits the rule set", detail: "export it with the rule set it was made with")
        }
        try await acting.logAccess(actor: acting.actor, action: "export check-ins", patient: patient, ref: name)
        return Response(status: .ok, headers: [.contentType: format == .csv ? "text/csv; charset=utf-8" : "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ alert: PlanAlert) -> [String: Any] {
        ["level": alert.level.rawValue, "message": alert.message.text, "action": alert.action?.id ?? NSNull()]
    }

    /// A whole-number query parameter within `range`, `fallback` when absent; anything else is 400.
    static func integer(_ request: Request, _ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
