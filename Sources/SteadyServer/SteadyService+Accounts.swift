import Foundation
import Hummingbird
import SteadyStore

extension SteadyService {
    /// `POST /api/v1/tokens`: a bearer token for a name and password; five failures for a name
    /// within 15 minutes lock it for the rest of that time (429).
    func createToken(_ request: Request, _ context: ServerContext) async throws -> Response {
        let body = try await JSONResponse.object(request, context: context)
        guard let name = body["name"] as? String, let password = body["password"] as? String, name.count <= 64, password.utf8.count <= 1024 else {
            throw Problem.badRequest("send {\"name\": ..., \"password\": ...}")
        }
        guard await limiter.allows(name) else {
            throw Problem(.tooManyRequests, "too-many-attempts", "Too many failed sign-ins", detail: "wait 15 minutes before trying again")
        }
        guard let account = try store.account(name), Passwords.verify(password, hash: account.passwordHash) else {
            await limiter.failed(name)
            throw Problem(.unauthorized, "wrong-credentials", "Wrong name or password", detail: "check the name and the password")
        }
        await limiter.succeeded(name)
        let token = Tokens.make()
        let expires = Date().addingTimeInterval(Tokens.lifetime)
        try store.addToken(hash: Tokens.hash(token), account: account.name, expires: Int(expires.timeIntervalSince1970))
        return try JSONResponse.make(["token": token, "expires": ISO8601DateFormatter().string(from: expires), "account": Self.json(account)],
                                     status: .created)
    }

    /// `GET /api/v1/me`.
    func me(_ context: ServerContext) throws -> Response {
        try JSONResponse.make(Self.json(try context.requireAccount()))
    }

    static func json(_ account: Account) -> [String: Any] {
        ["name": account.name, "role": account.role.rawValue, "patient": account.patient ?? NSNull()]
    }
}
