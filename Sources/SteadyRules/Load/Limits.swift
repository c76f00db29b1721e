/// Bounds that keep a hostile or broken input from hanging or exhausting the machine.
/// Each one, when exceeded, gives its own diagnostic.
public struct Limits: Sendable, Hashable {
    /// Largest file read, in bytes (SR0101).
    public var maxFileBytes: Int = 16 * 1024 * 1024
    /// Deepest YAML nesting accepted (SR0106). Rule files need fewer than ten levels.
    public var maxNestingDepth: Int = 32
    /// Longest expression, in Unicode scalars (SR0304).
    public var maxExpressionLength: Int = 4096
    /// Deepest expression tree (SR0305).
    public var maxExpressionDepth: Int = 64
    /// Most rules in one rule set (SR0206).
    public var maxRules: Int = 50_000
    /// Most declared facts in one rule set (SR0206).
    public var maxFacts: Int = 5_000
    /// Most actions in one catalog (SR0206).
    public var maxActions: Int = 10_000
    /// Most files a single load reads (SR0206).
    public var maxFiles: Int = 1_000

    public init() {}

    /// The defaults.
    public static let `default` = Limits()
}
