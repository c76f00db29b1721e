import Crypto
import Foundation
import Hummingbird
import SteadyRules
import SteadyStore

/// Reads `Authorization: Bearer TOKEN` (the API) or the session cookie (pages only: a cookie
/// never signs in an API request, so a page cannot be made to call the API on someone's
/// behalf) and puts the token's account in the context. A request without a valid token goes
/// on without an account; routes that need one refuse it.
struct Authenticator: RouterMiddleware {
    typealias Context = ServerContext
    let store: Store

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        let now = Int(Date().timeIntervalSince1970)
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            context.account = try store.tokenAccount(hash: Tokens.hash(String(header.dropFirst("Bearer ".count))), now: now)
        } else if !request.uri.path.hasPrefix("/api/"), let token = request.cookies[Session.cookie]?.value, token.count == 64 {
            context.account = try store.tokenAccount(hash: Tokens.hash(token), now: now)
            context.session = context.account == nil ? nil : token
        }
        return try await next(request, context)
    }
}

/// API tokens: random, handed out once, stored only as their SHA-256.
enum Tokens {
    /// How long a token is valid.
    static let lifetime: TimeInterval = 12 * 60 * 60

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }
}

extension ServerContext {
    /// The signed-in account, or 401.
    func requireAccount() throws -> Account {
        guard let account else { throw Problem.unauthorized }
        return account
    }
}
