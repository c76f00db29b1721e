import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import SteadyRules
import SteadyStore

/// A page session: the same kind of token as the API's, kept in an HttpOnly, SameSite=Strict
/// cookie (Secure behind TLS), and a CSRF token derived from it that every form carries.
enum Session {
    static let cookie = "steady_session"

    /// The cookie that signs in with `token`; `secure` when the request came over TLS (the
    /// proxy in front says `X-Forwarded-Proto: https`).
    static func cookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: cookie, value: token, maxAge: Int(Tokens.lifetime), path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func clearing(secure: Bool) -> Cookie {
        Cookie(name: cookie, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The CSRF token of a session: forms send it back, and a POST without it is refused.
    static func csrf(_ session: String) -> String {
        Hex.encode(SHA256.hash(data: Data("csrf:\(session)".utf8)))
    }

    static func isSecure(_ request: Request) -> Bool {
        request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
    }
}

/// A form body (`application/x-www-form-urlencoded`) as its fields in order; a field may repeat.
struct FormFields {
    let pairs: [(name: String, value: String)]

    init(_ text: String) {
        pairs = text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }
}
