/// The value one sub-expression of a condition had when a rule fired (or failed): what lets an
/// explanation say `stress (8) >= 7`. An ``ExpressionRecording`` holds one per evaluated node.
public struct ExpressionValue: Sendable, Hashable {
    /// The node's id in its checked expression.
    public let id: Int
    /// The node's source text.
    public let text: String
    /// The value its evaluation ended with.
    public internal(set) var value: Value

    public init(id: Int, text: String, value: Value) {
        self.id = id
        self.text = text
        self.value = value
    }
}
