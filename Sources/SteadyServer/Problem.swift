import Foundation
import Hummingbird
import SteadyRules
import SteadyStore

/// An error response as RFC 9457 problem details (`application/problem+json`), with Steady's
/// diagnostic code when there is one and, for a state that failed validation, every diagnostic
/// with the field it names.
///
/// ```json
/// {"type": "https://steady.example/problems/invalid-state", "title": "The state is not valid",
///  "status": 422, "detail": "2 problems", "code": "SR0603",
///  "errors": [{"code": "SR0603", "field": "stress", "message": "'stress' is out of range (0..10)"}]}
/// ```
public struct Problem: HTTPResponseError, Sendable {
    /// One diagnostic of a request body.
    public struct Item: Sendable, Codable, Equatable {
        public let code: String
        /// The field the diagnostic names (its first quoted name), when it names one.
        public let field: String?
        public let message: String
        public let hint: String?
        /// `file:line:column`, for a diagnostic of a file (a clinic layer).
        public var location: String? = nil
    }

    public let status: HTTPResponse.Status
    /// A short kebab-case name of the kind of problem (the last part of `type`).
    public let kind: String
    public let title: String
    public let detail: String
    public let code: String?
    public let errors: [Item]

    public init(_ status: HTTPResponse.Status, _ kind: String, _ title: String, detail: String, code: String? = nil, errors: [Item] = []) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.code = code
        self.errors = errors
    }

    /// 422 with every error diagnostic of an input.
    public static func invalid(_ kind: String, _ title: String, diagnostics: [Diagnostic]) -> Problem {
        let items = diagnostics.filter { $0.severity == .error }.map { diagnostic in
            Item(code: diagnostic.code.rawValue, field: Self.subject(of: diagnostic.message), message: diagnostic.message, hint: diagnostic.hint,
                 location: diagnostic.span.map { "\($0.file):\($0.start)" })
        }
        return Problem(.unprocessableContent, kind, title, detail: "\(items.count) problem\(items.count == 1 ? "" : "s")",
                       code: items.first?.code, errors: items)
    }

    /// The first quoted name in a diagnostic: the state reader names the field first
    /// (`'stress' is out of range (0..10)`, `unknown field 'mood'`).
    static func subject(of message: String) -> String? {
        let parts = message.split(separator: "'", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    /// A store error as a problem: a missing record is 404, a refused change or an unreadable
    /// record 409, a locked database 503; anything else 500 without details (they name files).
    init(_ error: StoreError) {
        switch error {
        case .notFound(let what): self = .notFound("\(what) is not stored")
        case .other(let message): self = Problem(.conflict, "refused", "Not stored", detail: message)
        case .unreadable(let what): self = Problem(.conflict, "unreadable", "A stored record cannot be read back", detail: "\(what) cannot be read back")
        case .locked: self = Problem(.serviceUnavailable, "busy", "The database is busy", detail: "try again in a moment")
        default: self = Problem(.internalServerError, "store", "The store failed", detail: "see the server's log")
        }
    }

    static let unauthorized = Problem(.unauthorized, "unauthorized", "Sign in first", detail: "send Authorization: Bearer TOKEN (POST /api/v1/tokens)")

    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "forbidden", "Not allowed", detail: detail) }

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", "Not found", detail: detail) }

    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, "bad-request", "Bad request", detail: detail) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: Any] = [
            "type": "https://steady.example/problems/\(kind)", "title": title, "status": Int(status.code), "detail": detail,
        ]
        if let code { object["code"] = code }
        if !errors.isEmpty {
            object["errors"] = errors.map { item in
                var entry: [String: Any] = ["code": item.code, "message": item.message]
                if let field = item.field { entry["field"] = field }
                if let hint = item.hint { entry["hint"] = hint }
                if let location = item.location { entry["location"] = location }
                return entry
            }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
