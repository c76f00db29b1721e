import Foundation
import Hummingbird
import SteadyPlan
import SteadyRules
import SteadyStore

extension SteadyService {
    /// `GET /api/v1/audit/verify`.
    func verifyAudit(_ context: ServerContext) throws -> Response {
        _ = try require(context, [.auditor, .admin])
        let result = try store.verifyAudit()
        return try JSONResponse.make(["intact": result.problem == nil, "entries": result.entries, "head": "\(result.entries):\(result.head)",
                                      "authenticated": result.authenticated, "problem": result.problem.map { $0 as Any } ?? NSNull()])
    }

    /// `GET /api/v1/audit/plans/{plan}`: the stored record and its replay.
    func auditPlan(_ context: ServerContext) async throws -> Response {
        let account = try require(context, [.auditor, .admin])
        let (_, acting, stored) = try visiblePlan(context)
        let replay = try acting.replay(planID: stored.id)
        try await acting.logAccess(actor: account.name, action: "audit plan", patient: stored.patient, ref: String(stored.id))
        let record = (try? JSONSerialization.jsonObject(with: Data(stored.record.utf8))) ?? [String: Any]()
        return try JSONResponse.make(["id": stored.id, "patient": stored.patient, "date": stored.day.description, "record": record,
                                      "replay": ["identical": replay.identical, "differences": replay.differences]])
    }

    /// `GET /api/v1/audit/plans/{plan}/export`: what `steady audit export` writes.
    func exportAuditPlan(_ context: ServerContext) async throws -> Response {
        let account = try require(context, [.auditor, .admin])
        let (_, acting, stored) = try visiblePlan(context)
        let text = try AuditExport.export(planID: stored.id, store: acting)
        try await acting.logAccess(actor: account.name, action: "export plan", patient: stored.patient, ref: String(stored.id))
        return JSONResponse.text(text)
    }

    /// `GET /api/v1/ruleset`: what is in force, its tests and their coverage.
    func ruleSet(_ context: ServerContext) throws -> Response {
        _ = try require(context, [.clinician, .auditor, .admin])
        let rules = planner.ruleSet
        let tests = testSummary()
        return try JSONResponse.make([
            "name": rules.name, "version": rules.version, "hash": rules.contentHash, "snapshot": planner.snapshotHash,
            "catalog": "\(planner.catalog.name) \(planner.catalog.version)", "policy": "\(planner.policy.name) \(planner.policy.version)",
            "rules": rules.rules.count, "tests": ["passed": tests.passed, "failed": tests.failed],
            "coverage": ["fired": tests.coveredRules, "rules": tests.rules], "warnings": warnings,
        ])
    }

    /// The rule set's own tests, run now, and how many of its rules fired in one.
    func testSummary() -> (passed: Int, failed: Int, coveredRules: Int, rules: Int) {
        let outcomes = RuleSetTestRunner(planner: planner).run()
        let coverage = TestCoverage(ruleSet: planner.ruleSet, outcomes: outcomes)
        let passed = outcomes.filter(\.passed).count
        return (passed, outcomes.count - passed, coverage.coveredRules, coverage.ruleCount)
    }

    /// `GET /api/v1/patients`: for a clinician their assigned patients, for an admin everyone
    /// with a check-in; each with the last check-in's day and the alerts it raises, alerts first.
    func listPatients(_ context: ServerContext) async throws -> Response {
        let account = try require(context, [.clinician, .admin])
        let rows = try await patientRows(account)
        return try JSONResponse.make(["patients": rows.map { ["patient": $0.patient, "last_check_in": $0.last ?? NSNull(),
                                                              "alerts": $0.alerts.map(Self.json)] as [String: Any] }])
    }

    /// The patients `account` (a clinician or an admin) sees, each with the last check-in's day
    /// and the alerts it raises, those with alerts first; logged as one access.
    func patientRows(_ account: Account) async throws -> [(patient: String, last: String?, alerts: [PlanAlert])] {
        let patients = account.role == .admin ? Array(Set(try store.allCheckIns().map(\.patient))).sorted()
                                              : try store.patients(of: account.name)
        let acting = store.acting(as: account.name)
        var rows: [(patient: String, last: String?, alerts: [PlanAlert])] = []
        for patient in patients {
            guard let last = try store.lastCheckInDay(patient: patient) else { rows.append((patient, nil, [])); continue }
            let day = try acting.patientDay(patient: patient, day: last, schema: planner.ruleSet.schema)
            rows.append((patient, last.description, try planner.plan(for: day.facts, profile: day.profile).alerts))
        }
        try await acting.logAccess(actor: account.name, action: "list patients", patient: "*", ref: "\(rows.count) patients")
        return rows.enumerated().sorted { ($0.element.alerts.isEmpty ? 1 : 0, $0.offset) < ($1.element.alerts.isEmpty ? 1 : 0, $1.offset) }
            .map(\.element)
    }

    /// `POST /api/v1/impact?days=30`: the uploaded layer is loaded after the files in force and
    /// checked like `steady check` (errors: 422 with every diagnostic, file:line:column); then the
    /// account's patients' recent days are replayed with both rule sets, as `steady impact` does.
    func impact(_ request: Request, _ context: ServerContext) async throws -> Response {
        let account = try require(context, [.clinician, .admin])
        let days = try Self.integer(request, "days", default: 30, in: 1...365)
        let layer = try await request.body.collect(upTo: context.maxUploadSize)
        let (report, layered, warnings) = try await impactReport(Data(layer.readableBytesView), account: account, days: days)
        let head = try JSONSerialization.data(withJSONObject: ["warnings": warnings], options: [.sortedKeys])
        return JSONResponse.text(String(decoding: head.dropLast(), as: UTF8.self) + ",\"report\":"
                                 + report.json(old: planner.ruleSet, new: layered.ruleSet) + "}")
    }

    /// The impact of `layer` on `account`'s patients (a clinician's assigned ones, an admin's
    /// all) over `days`, with the layered planner and its warnings as text.
    func impactReport(_ layer: Data, account: Account, days: Int) async throws -> (ImpactAnalysis.Report, Planner, [String]) {
        let path = "clinic-layer.yaml"
        let loaded = RuleLoader().load(sources: files.map { ($0.path, Data($0.text.utf8)) } + [(path, layer)])
        let warnings = loaded.diagnostics.filter { $0.severity != .error }.map(Self.line)
        guard let layered = Planner(loaded) else {
            throw Problem.invalid("invalid-layer", "The clinic layer has errors", diagnostics: loaded.diagnostics)
        }
        let patients = account.role == .admin ? nil : try store.patients(of: account.name)
        let report = try ImpactAnalysis(old: .init(planner: planner), new: .init(planner: layered))
            .run(store: store, patients: patients, days: days, jobs: 2)
        try await store.acting(as: account.name).logAccess(actor: account.name, action: "impact", patient: "*", ref: "\(report.plans) plans")
        return (report, layered, warnings)
    }
}
