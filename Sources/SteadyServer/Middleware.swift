import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SteadyEngine
import SteadyRules
import SteadyStore

/// Logs each request as method, route template (`/api/v1/patients/{patient}/checkins`, never
/// the path itself: it holds patient ids), status and milliseconds. No query, body or header.
struct RequestLog: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func log(_ status: HTTPResponse.Status) {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            context.logger.info("request", metadata: [
                "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "(no route)"),
                "status": .stringConvertible(Int(status.code)), "ms": .stringConvertible((milliseconds * 10).rounded() / 10),
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status)
            return response
        } catch let error as HTTPResponseError {
            log(error.status)
            throw error
        } catch {
            log(.internalServerError)
            throw error
        }
    }
}

/// The security headers every response carries (no scripts or frames from anywhere else, no
/// referrer, no sniffing, no caching of patient data), on errors too: the one place that turns
/// a store's or the engine's error into problem details.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = try problem.response(from: request, context: context)
        } catch let error as HTTPResponseError {
            // Hummingbird's own (no such route, a body over the limit): problem details too.
            let status = error.status
            response = try Problem(status, status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"), status.reasonPhrase,
                                   detail: status == .notFound ? "no such route: see /api/v1/openapi.json" : status.reasonPhrase)
                .response(from: request, context: context)
        } catch let error as StoreError {
            response = try Problem(error).response(from: request, context: context)
        } catch let error as EngineError {
            response = try Problem(.unprocessableContent, "run-stopped", "The rules could not finish", detail: "\(error)",
                                   code: DiagnosticCode.runStopped.rawValue).response(from: request, context: context)
        } catch {
            // The type of the error only: its text could hold a value.
            context.logger.error("unexpected error", metadata: ["type": .string(String(describing: type(of: error)))])
            response = try Problem(.internalServerError, "internal", "Something went wrong", detail: "see the server's log")
                .response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
