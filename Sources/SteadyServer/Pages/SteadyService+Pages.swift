import Foundation
import Hummingbird
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// The web pages: sign-in, a patient's check-in, plan, "why?" and history, a clinician's
/// patients and their charts, the auditor's trail and verification. Server-rendered HTML that
/// works without JavaScript, over the same routes' logic as the API.
extension SteadyService {
    func addPages(to router: Router<ServerContext>) {
        router.get("/static/steady.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        router.get("/") { _, context in try await page(context) { account in Self.redirect(Self.home(account)) } }
        router.get("/login") { _, context in
            context.account.map { Self.redirect(Self.home($0)) } ?? Self.html(Templates.render("login", ["title": "Sign in"]))
        }
        router.post("/login") { request, context in try await signIn(request, context) }
        router.post("/logout") { request, context in
            try await form(request, context) { _, _ in
                if let session = context.session { try store.removeToken(hash: Tokens.hash(session)) }
                var response = Self.redirect("/login")
                response.setCookie(Session.clearing(secure: Session.isSecure(request)))
                return response
            }
        }
        router.get("/checkin") { _, context in try await page(context) { account in try checkInPage(account, context, errors: []) } }
        router.post("/checkin") { request, context in try await form(request, context) { account, fields in try await checkIn(account, fields, context) } }
        router.get("/today") { _, context in try await page(context) { account in try await today(account, context) } }
        router.post("/plans/:plan/items/:action/marks") { request, context in
            try await form(request, context) { _, fields in
                let (acting, stored) = try ownPlan(context)
                let action: String = try context.parameters.require("action")
                guard let mark = fields["mark"].flatMap(Mark.init(rawValue:)) else { throw Problem.badRequest("mark is done, helpful or not_for_me") }
                let marked = try acting.marks(patient: stored.patient, day: stored.day)[action]?.contains(mark) == true
                try acting.setMarks([mark: !marked], action: action, planID: stored.id)
                return Self.redirect("/today#item-\(action)")
            }
        }
        router.get("/plans/:plan/why/:action") { _, context in try await page(context) { account in try await whyPage(context, account) } }
        router.get("/history") { request, context in
            try await page(context) { account in
                guard let patient = account.patient else { return Self.redirect(Self.home(account)) }
                return try await historyPage(patient: patient, request, context, heading: "My history")
            }
        }
        router.get("/patients") { _, context in try await page(context) { account in try await patientsPage(account, context) } }
        router.get("/patients/:patient") { request, context in
            try await page(context) { _ in
                let patient = try patientParameter(context)
                _ = try patientStore(context, patient: patient)
                return try await historyPage(patient: patient, request, context, heading: patient)
            }
        }
        router.get("/audit") { request, context in try await page(context) { account in try auditPage(account, request, context, verification: nil) } }
        router.get("/audit/plans/:plan") { _, context in try await page(context) { account in try await auditPlanPage(account, context) } }
        router.get("/ruleset") { _, context in try await page(context) { account in try ruleSetPage(account, context) } }
        router.get("/impact") { _, context in try await page(context) { account in try impactPage(account, context, layer: "", days: 30, result: nil) } }
        router.post("/impact") { request, context in
            try await form(request, context) { account, fields in
                let layer = fields["layer"] ?? "", days = min(365, max(1, Int(fields["days"] ?? "") ?? 30))
                do {
                    let (report, layered, warnings) = try await impactReport(Data(layer.utf8), account: account, days: days)
                    let text = (warnings.isEmpty ? "" : warnings.joined(separator: "\n") + "\n\n") + report.text(old: planner.ruleSet, new: layered.ruleSet)
                    return try impactPage(account, context, layer: layer, days: days, result: ["headline": "Impact", "text": text])
                } catch let problem as Problem where problem.status == .unprocessableContent {
                    let text = problem.errors.map { "\($0.location ?? "-"): \($0.code) \($0.message)" + ($0.hint.map { " (\($0))" } ?? "") }
                    return try impactPage(account, context, layer: layer, days: days,
                                          result: ["headline": "The layer has errors", "text": text.joined(separator: "\n")])
                }
            }
        }
        router.post("/audit/verify") { request, context in
            try await form(request, context) { account, _ in
                _ = try require(context, [.auditor, .admin])
                return try auditPage(account, request, context, verification: try store.verifyAudit())
            }
        }
    }

    // MARK: - Sign-in

    private func signIn(_ request: Request, _ context: ServerContext) async throws -> Response {
        let fields = FormFields(String(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
        let name = fields["name"] ?? "", password = fields["password"] ?? ""
        func again(_ error: String, status: HTTPResponse.Status) -> Response {
            Self.html(Templates.render("login", ["title": "Sign in", "error": error]), status: status)
        }
        guard await limiter.allows(name) else { return again("Too many failed attempts: wait 15 minutes.", status: .tooManyRequests) }
        guard name.count <= 64, let account = try store.account(name), Passwords.verify(password, hash: account.passwordHash) else {
            await limiter.failed(name)
            return again("Wrong name or password.", status: .unauthorized)
        }
        await limiter.succeeded(name)
        let token = Tokens.make()
        try store.addToken(hash: Tokens.hash(token), account: account.name, expires: Int(Date().addingTimeInterval(Tokens.lifetime).timeIntervalSince1970))
        var response = Self.redirect(Self.home(account))
        response.setCookie(Session.cookie(token, secure: Session.isSecure(request)))
        return response
    }

    // MARK: - Patients

    private func checkInPage(_ account: Account, _ context: ServerContext, errors: [String]) throws -> Response {
        guard account.patient != nil else { return Self.redirect(Self.home(account)) }
        let schema = planner.ruleSet.schema
        func choices(_ fact: String) -> [[String: String]] {
            guard let declaration = schema.facts[fact] else { return [] }
            return (declaration.type.enumValues ?? []).map { ["value": $0, "label": declaration.label(of: $0)] }
        }
        let scales = [("stress", "Stress today"), ("pain", "Neck pain today"), ("fatigue", "Tiredness today")].map { name, label in
            ["name": name, "label": label, "points": (0...10).map { ["name": name, "value": $0] }] as [String: Any]
        }
        return Self.html(Templates.render("checkin", chrome(account, context, title: "Check in").merging([
            "redFlags": choices("red_flags"), "triggers": choices("triggers"), "scales": scales, "errors": errors, "hasErrors": !errors.isEmpty,
        ]) { $1 }), status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    private func checkIn(_ account: Account, _ fields: FormFields, _ context: ServerContext) async throws -> Response {
        guard let patient = account.patient else { throw Problem.forbidden("only a patient checks in here") }
        let (_, acting) = try patientStore(context, patient: patient)
        var state: [String: Any] = [Schema.dateFact: Day.today.description, "red_flags": fields.all("red_flags"), "triggers": fields.all("triggers")]
        var errors: [String] = []
        for name in ["stress", "pain", "fatigue", "minutes_available"] {
            guard let text = fields[name], !text.isEmpty else { continue }
            if let value = Int(text) { state[name] = value } else { errors.append("\(name.replacingOccurrences(of: "_", with: " ")) must be a whole number") }
        }
        if let text = fields["sleep.hours"], !text.isEmpty {
            if let hours = Double(text) { state["sleep"] = ["hours": hours] } else { errors.append("hours slept must be a number") }
        }
        let read = StateReader(schema: planner.ruleSet.schema).read(jsonLine: try JSONSerialization.data(withJSONObject: state), path: "form", line: 1)
        errors += read.diagnostics.filter { $0.severity == .error }.map(\.message)
        guard errors.isEmpty, let facts = read.facts else { return try checkInPage(account, context, errors: errors) }
        try acting.checkIn(patient: patient, facts: facts)
        return try await today(account, context)
    }

    /// Today's plan, or the emergency card that takes the whole page, or the check-in form
    /// when there is no check-in today.
    private func today(_ account: Account, _ context: ServerContext) async throws -> Response {
        guard let patient = account.patient else { return Self.redirect(Self.home(account)) }
        let (_, acting) = try patientStore(context, patient: patient)
        guard try acting.checkIn(patient: patient, on: Day.today) != nil else { return Self.redirect("/checkin") }
        let day = try acting.patientDay(patient: patient, day: Day.today, schema: planner.ruleSet.schema)
        let (stored, planned) = try await planAndStore(day, patient: patient, acting: acting)
        let plan = planned.plan
        let alerts = plan.alerts.enumerated().map { index, alert in
            ["index": index, "level": alert.level.rawValue, "banner": PlanRenderer.banner(alert.level), "message": alert.message.text,
             "steps": alert.action?.steps ?? [], "hasSteps": !(alert.action?.steps.isEmpty ?? true)] as [String: Any]
        }
        if plan.safetyCardOnly {
            return Self.html(Templates.render("emergency", chrome(account, context, title: "Get help now").merging(["alerts": alerts]) { $1 }))
        }
        let words = FactWords(schema: planner.ruleSet.schema)
        let marks = try acting.marks(patient: patient, day: stored.day)
        let slots = planner.policy.slotOrder.compactMap { slot -> [String: Any]? in
            let items = plan.items.filter { $0.slot == slot }
            guard !items.isEmpty else { return nil }
            return ["name": slot.rawValue, "title": PlanRenderer.name(slot), "items": items.map { item in
                ["title": item.action.title, "minutes": item.action.minutes == 0 ? NSNull() : item.action.minutes as Any,
                 "because": item.reasons.map(\.text).joined(separator: "; "), "steps": item.action.steps,
                 "plan": stored.id, "action": item.action.id,
                 "marks": Mark.allCases.map { mark in
                     ["mark": mark.rawValue, "label": Self.label(mark), "pressed": marks[item.action.id]?.contains(mark) == true]
                 }] as [String: Any]
            }]
        }
        var notes = (plan.profile?.fromProfile.keys.sorted() ?? []).map { "From your profile: \(words.name($0)) (updated \(plan.profile!.fromProfile[$0]!))." }
        notes += (plan.profile?.stale ?? []).map { "Not used: your profile's \(words.name($0.fact)) was set on \($0.since), more than \($0.maxAgeDays) days ago." }
        return Self.html(Templates.render("plan", chrome(account, context, title: "Today's plan").merging([
            "date": plan.date?.description ?? "today", "alerts": alerts, "slots": slots, "profile": notes,
            "total": "\(plan.budgetUsed) of \(plan.budgetMinutes) minutes",
        ]) { $1 }))
    }

    private func whyPage(_ context: ServerContext, _ account: Account) async throws -> Response {
        let (_, acting, stored) = try visiblePlan(context)
        let id: String = try context.parameters.require("action")
        let (action, text) = try await explanation(of: id, in: stored, acting: acting, audience: account.role == .patient ? .patient : .clinician,
                                             whyNot: false)
        return Self.html(Templates.render("why", chrome(account, context, title: "Why").merging([
            "action": action.title, "text": text, "back": account.role == .patient ? "/today" : "/patients/\(stored.patient)",
        ]) { $1 }))
    }

    private func historyPage(patient: String, _ request: Request, _ context: ServerContext, heading: String) async throws -> Response {
        let (account, acting) = try patientStore(context, patient: patient)
        let days = request.uri.queryParameters.get("days") == "90" ? 90 : 30
        let reader = StateReader(schema: planner.ruleSet.schema)
        let checkIns = try acting.checkIns(patient: patient, through: Day.today, days: days)
        var byDay: [Int: [String: Value]] = [:]
        for checkIn in checkIns {
            byDay[checkIn.day.daysSinceEpoch] = reader.read(jsonLine: Data(checkIn.state.utf8), path: "check-in", line: 1).facts?.values
        }
        let window = (Day.today.daysSinceEpoch - days + 1)...Day.today.daysSinceEpoch
        func series(_ fact: String) -> [(day: Day, value: Double?)] { window.map { (Day($0), byDay[$0]?[fact]?.numeric) } }
        let charts = [Chart(caption: "Stress, last \(days) days", values: series("stress"), maximum: 10),
                      Chart(caption: "Neck pain, last \(days) days", values: series("pain"), maximum: 10),
                      Chart(caption: "Hours slept, last \(days) days", values: series("sleep.hours"), maximum: 12)]
        func cell(_ values: [String: Value], _ fact: String) -> String { values[fact]?.numeric.map(Chart.format) ?? "–" }
        let rows = checkIns.map { checkIn -> [String: String] in
            let values = byDay[checkIn.day.daysSinceEpoch] ?? [:]
            return ["date": checkIn.day.description, "stress": cell(values, "stress"), "pain": cell(values, "pain"), "sleep": cell(values, "sleep.hours")]
        }
        var object = chrome(account, context, title: heading).merging([
            "heading": heading, "patient": patient, "rows": rows,
            "charts": charts.map { ["caption": $0.caption, "svg": $0.svg] },
        ]) { $1 }
        if account.role != .patient, let last = checkIns.first {
            let day = try acting.patientDay(patient: patient, day: last.day, schema: planner.ruleSet.schema)
            let plan = try planner.plan(for: day.facts, profile: day.profile)
            object["plan"] = ["date": last.day.description,
                              "summary": (plan.alerts.map { PlanRenderer.banner($0.level) } + plan.items.map(\.action.title)).joined(separator: "; ")]
        }
        try await acting.logAccess(actor: account.name, action: "read history", patient: patient, ref: "\(days) days")
        return Self.html(Templates.render(account.role == .patient ? "history" : "patient", object))
    }

    // MARK: - Clinicians and auditors

    private func patientsPage(_ account: Account, _ context: ServerContext) async throws -> Response {
        guard account.role == .clinician || account.role == .admin else { return Self.redirect(Self.home(account)) }
        let rows = try await patientRows(account).map { row in
            ["patient": row.patient, "last": row.last ?? "no check-in yet",
             "alerts": row.alerts.map { ["level": $0.level.rawValue, "banner": PlanRenderer.banner($0.level)] }] as [String: Any]
        }
        return Self.html(Templates.render("patients", chrome(account, context, title: "Patients").merging(["rows": rows]) { $1 }))
    }

    private func auditPage(_ account: Account, _ request: Request, _ context: ServerContext, verification: AuditVerification?) throws -> Response {
        guard account.role == .auditor || account.role == .admin else { return Self.redirect(Self.home(account)) }
        let kind = request.uri.queryParameters.get("kind").flatMap { AuditKind(rawValue: $0)?.rawValue }
        let entries = try store.auditEntries(kind: kind, limit: 100).map {
            ["id": $0.id, "time": $0.time, "actor": $0.actor, "kind": $0.kind, "ref": $0.kind == "access" ? "entry \($0.ref)" : $0.ref,
             "link": $0.kind == AuditKind.plan.rawValue ? "/audit/plans/\($0.ref)" : NSNull()] as [String: Any]
        }
        var object = chrome(account, context, title: "Audit").merging(["entries": entries, "kinds": AuditKind.allCases.map(\.rawValue)]) { $1 }
        if let verification {
            object["verification"] = ["headline": verification.problem == nil ? "Audit chain intact: \(verification.entries) entries" : "Audit chain broken",
                                      "head": "\(verification.entries):\(verification.head)", "problem": verification.problem ?? ""]
        }
        return Self.html(Templates.render("audit", object))
    }

    private func auditPlanPage(_ account: Account, _ context: ServerContext) async throws -> Response {
        _ = try require(context, [.auditor, .admin])
        let (_, acting, stored) = try visiblePlan(context)
        let replay = try acting.replay(planID: stored.id)
        let renderer = ExplanationRenderer(audience: .auditor, plan: replay.planned.plan)
        let explanations = replay.planned.plan.items.map { renderer.render(replay.planned.explainer.why($0.action)) }
        try await acting.logAccess(actor: account.name, action: "audit plan", patient: stored.patient, ref: String(stored.id))
        return Self.html(Templates.render("auditplan", chrome(account, context, title: "Plan \(stored.id)").merging([
            "id": stored.id, "patient": stored.patient, "date": stored.day.description, "snapshot": stored.snapshotHash,
            "replayHeadline": replay.identical ? "Replay identical to the stored record and trace" : "Replay differs from the stored record",
            "differences": replay.differences, "explanations": explanations,
        ]) { $1 }))
    }

    private func impactPage(_ account: Account, _ context: ServerContext, layer: String, days: Int, result: [String: String]?) throws -> Response {
        _ = try require(context, [.clinician, .admin])
        var object = chrome(account, context, title: "Impact").merging(["layer": layer, "days": days]) { $1 }
        if let result { object["result"] = result }
        return Self.html(Templates.render("impact", object))
    }

    private func ruleSetPage(_ account: Account, _ context: ServerContext) throws -> Response {
        _ = try require(context, [.clinician, .auditor, .admin])
        let rules = planner.ruleSet
        let tests = testSummary()
        let rows = rules.rules.map { rule in
            ["id": rule.id, "title": rule.title, "rationale": rule.rationale ?? "",
             "sources": rule.evidence.map { ["url": $0.url ?? "", "label": $0.org ?? $0.title] },
             "reviewed": rule.reviewed?.description ?? NSNull()] as [String: Any]
        }
        return Self.html(Templates.render("ruleset", chrome(account, context, title: "Rule set").merging([
            "name": rules.name, "version": rules.version, "hash": rules.contentHash, "rulesCount": rules.rules.count,
            "passed": tests.passed, "failed": tests.failed, "covered": tests.coveredRules,
            "warnings": warnings, "hasWarnings": !warnings.isEmpty,
            "rules": rows,
        ]) { $1 }))
    }

    // MARK: - Helpers

    /// The header's navigation for `account`, and the CSRF token its forms carry.
    private func chrome(_ account: Account, _ context: ServerContext, title: String) -> [String: Any] {
        let links: [(String, String)] = switch account.role {
        case .patient: [("/today", "Today"), ("/checkin", "Check in"), ("/history", "History")]
        case .clinician: [("/patients", "Patients"), ("/ruleset", "Rule set"), ("/impact", "Impact")]
        case .auditor: [("/audit", "Audit"), ("/ruleset", "Rule set")]
        case .admin: [("/patients", "Patients"), ("/audit", "Audit"), ("/ruleset", "Rule set"), ("/impact", "Impact")]
        }
        let csrf = context.session.map(Session.csrf) ?? ""
        return ["title": title, "csrf": csrf,
                "account": ["name": account.name, "csrf": csrf, "links": links.map { ["href": $0.0, "label": $0.1] }]]
    }

    /// A page that needs a signed-in account: without one, the sign-in page; a refusal as a page.
    private func page(_ context: ServerContext, _ body: (Account) async throws -> Response) async throws -> Response {
        guard let account = context.account else { return Self.redirect("/login") }
        do { return try await body(account) } catch let problem as Problem { return Self.problemPage(problem) }
    }

    /// A form post: signed in, with the session's CSRF token (else 403), its fields read.
    private func form(_ request: Request, _ context: ServerContext, _ body: (Account, FormFields) async throws -> Response) async throws -> Response {
        guard let account = context.account, let session = context.session else { return Self.redirect("/login") }
        let fields = FormFields(String(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
        guard fields["csrf"] == Session.csrf(session) else {
            return Self.problemPage(Problem.forbidden("the form is missing its security token (CSRF); reload the page and try again"))
        }
        do { return try await body(account, fields) } catch let problem as Problem { return Self.problemPage(problem) }
    }

    /// A mark's words on its button.
    static func label(_ mark: Mark) -> String {
        switch mark {
        case .done: "Done"
        case .helpful: "Helpful"
        case .notForMe: "Not for me"
        }
    }

    static func home(_ account: Account) -> String {
        switch account.role {
        case .patient: "/today"
        case .clinician, .admin: "/patients"
        case .auditor: "/audit"
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func problemPage(_ problem: Problem) -> Response {
        html(Templates.render("message", ["title": problem.title, "heading": problem.title, "text": problem.detail, "back": "/"]), status: problem.status)
    }
}
