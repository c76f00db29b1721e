/// A source a rule or action cites: a checkable reference (organisation, title, year, URL), or
/// plain text from older files, which `steady check` warns is not checkable.
///
/// ```yaml
/// evidence:
///   - {org: Dystonia Medical Research Foundation, title: Cervical dystonia, year: 2024,
///      url: "https://dystonia-foundation.org/what-is-dystonia/types-of-dystonia/cervical-dystonia/"}
/// ```
public struct Citation: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let org: String?
    public let title: String
    public let year: Int?
    /// An `https://` (or `http://`) address where a reviewer can read the source.
    public let url: String?

    public init(org: String? = nil, title: String, year: Int? = nil, url: String? = nil) {
        self.org = org
        self.title = title
        self.year = year
        self.url = url
    }

    /// A plain-text citation (no organisation, year or URL).
    public init(stringLiteral title: String) { self.init(title: title) }

    /// A reviewer can follow it: it has a URL.
    public var isCheckable: Bool { url != nil }

    /// `Organisation: Title (year) <url>`, leaving out what is missing.
    public var description: String {
        [org.map { "\($0): " } ?? "", title, year.map { " (\($0))" } ?? "", url.map { " <\($0)>" } ?? ""].joined()
    }
}
