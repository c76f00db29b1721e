/// A YAML document as Steady's own `Sendable` tree: every node keeps where it was written.
///
/// Built by ``YAMLReader`` from Yams' composed nodes with the basic resolver, so every scalar is
/// text; the rule-file decoder types scalars itself (`7` and `"7"` stay distinguishable).
public struct YAMLNode: Sendable, Hashable {
    /// One `key: value` pair of a mapping; the key is always a scalar.
    public struct Pair: Sendable, Hashable {
        public let key: String
        public let keyLocation: SourceLocation
        public let value: YAMLNode
    }

    public enum Kind: Sendable, Hashable {
        case scalar(String, EmbeddedSource.Style)
        case mapping([Pair])
        case sequence([YAMLNode])
    }

    public let kind: Kind
    /// The node's mark: first character, opening quote/bracket, block indicator, first `-` or key.
    public let location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The scalar's text, or nil for a collection.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// True for an empty plain value (`key:` with nothing after it) or `null`/`~`.
    public var isNull: Bool {
        if case .scalar(let text, .plain) = kind { return text.isEmpty || text == "~" || text == "null" }
        return false
    }

    /// A word for the node's kind, used in messages ("expected a mapping, found a sequence").
    public var kindName: String {
        switch kind {
        case .scalar: isNull ? "nothing" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
