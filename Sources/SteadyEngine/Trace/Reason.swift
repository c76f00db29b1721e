/// A text a rule wrote — a recommendation's reason, a suppression's reason, an alert's message —
/// as its template (the rule and the effect's position in its `then`) with the values its
/// placeholders took, and the text they make. A stored plan keeps the template and values; the
/// text is their rendering.
///
/// ```swift
/// // reason: "stress {stress}/10" in the first effect of rule high-stress-breathing
/// Reason(rule: "high-stress-breathing", effect: 0, values: ["8"], text: "stress 8/10")
/// ```
public struct Reason: Sendable, Hashable, CustomStringConvertible {
    public let rule: String
    /// The effect's position in the rule's `then` (0-based).
    public let effect: Int
    /// Each placeholder's value, in order, as the text shows it.
    public let values: [String]
    public let text: String

    public init(rule: String, effect: Int, values: [String], text: String) {
        self.rule = rule
        self.effect = effect
        self.values = values
        self.text = text
    }

    public var description: String { text }
}
