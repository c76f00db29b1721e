import Hummingbird
import SteadyStore

/// The request context of `steady serve`: Hummingbird's own, and the account the request's
/// bearer token belongs to (nil until the authenticator has run, or when there is none).
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var account: Account?
    /// The session cookie's token, when a page request signed in with one (for its CSRF token).
    public var session: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        account = nil
        session = nil
    }

    /// Request bodies are states, profiles and clinic layers: small. 1 MB is far above any of them.
    public var maxUploadSize: Int { 1_048_576 }
}
