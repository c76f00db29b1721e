import Foundation
import Hummingbird
import Logging
import SteadyEngine
import SteadyFHIR
import SteadyPlan
import SteadyRules
import SteadyStore

/// What every route of `steady serve` works with: the store the CLI uses, the one planning
/// pipeline (``Planner``) and the files it was loaded from (saved as the snapshot its plans replay on).
public struct SteadyService: Sendable {
    public let store: Store
    public let planner: Planner
    /// The files the rules, catalog and policy were loaded from: an uploaded clinic layer is
    /// checked on top of them.
    public let files: [SourceFile]
    /// `steady check`'s warnings about the rules in force (lint, sources, reviews), as the
    /// loader that made the planner found them: shown with the rule set.
    public let warnings: [String]
    /// The FHIR servers the CDS Hooks service may fetch a patient's Observations from (base
    /// URLs, without a trailing `/`); none by default.
    public let fhirServers: Set<String>
    let limiter = LoginLimiter()
    let cache = PlanCache()

    /// A service over `store` with `planner` (loaded from `files`, with `warnings`), whose files
    /// are saved as a snapshot now (once), so every plan the service stores can be replayed.
    public init(store: Store, planner: Planner, files: [SourceFile], warnings: [Diagnostic], fhirServers: [String] = []) throws(StoreError) {
        self.store = store
        self.planner = planner
        self.files = files
        self.warnings = warnings.map(Self.line)
        self.fhirServers = Set(fhirServers.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
        try store.saveSnapshot(planner: planner, files: files)
    }

    /// A diagnostic on one line: `file:line:column: CODE message`.
    static func line(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.span.map { "\($0.file):\($0.start)" } ?? "-"): \(diagnostic.code.rawValue) \(diagnostic.message)"
    }

    /// The router: the JSON API under `/api/v1`, `/healthz` and the web pages, with
    /// authentication, security headers and request logs (method, route template, status and
    /// time: never a patient value).
    public func router() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        if store.waitsOnNetwork { router.add(middleware: BlockingCallsMiddleware(executor: BlockingCallExecutor())) }
        router.add(middleware: RequestLog())
        router.add(middleware: SecurityHeaders())
        router.add(middleware: Authenticator(store: store))
        for endpoint in API.endpoints {
            router.on(RouterPath(endpoint.routerPath), method: endpoint.method) { request, context in
                try await handle(endpoint.operation, request, context)
            }
        }
        addPages(to: router)
        return router
    }

    /// The application listening on `host:port`; `onRunning` gets the port actually bound (for
    /// port 0, the one the system chose).
    public func application(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "steady"),
                     onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    private func handle(_ operation: API.Operation, _ request: Request, _ context: ServerContext) async throws -> Response {
        switch operation {
        case .health: try JSONResponse.make(["status": "ok"])
        case .openAPI: JSONResponse.text(API.document())
        case .createToken: try await createToken(request, context)
        case .me: try me(context)
        case .createCheckIn: try await createCheckIn(request, context)
        case .listCheckIns: try await listCheckIns(request, context)
        case .exportCheckIns: try await exportCheckIns(request, context)
        case .getProfile: try await getProfile(context)
        case .updateProfile: try await updateProfile(request, context)
        case .todaysPlan: try await todaysPlan(request, context)
        case .getPlan: try await getPlan(request, context)
        case .why: try await explain(request, context, whyNot: false)
        case .whyNot: try await explain(request, context, whyNot: true)
        case .getMarks: try await getMarks(context)
        case .updateMarks: try await updateMarks(request, context)
        case .listPatients: try await listPatients(context)
        case .verifyAudit: try verifyAudit(context)
        case .auditPlan: try await auditPlan(context)
        case .exportAuditPlan: try await exportAuditPlan(context)
        case .ruleSet: try ruleSet(context)
        case .impact: try await impact(request, context)
        case .cdsDiscovery: try JSONResponse.make(CDSHooks.discovery)
        case .cdsService: try await cdsService(request, context)
        case .cdsFeedback: try await cdsFeedback(request, context)
        }
    }
}
