import SteadyEngine
import SteadyRules

/// One expression evaluated against a plan's facts at the fixpoint (so derived facts have the
/// values the rules gave them), with the value of every sub-expression: what `steady eval`
/// shows an author trying out a condition.
public struct Evaluation: Sendable {
    /// One node of the expression, in reading order (pre-order).
    public struct Part: Sendable, Hashable {
        /// How deep the node is: 0 for the whole expression.
        public let depth: Int
        public let text: String
        public let type: SteadyType
        /// Nil when the node was not evaluated (the branch `if … then … else` did not take).
        public let value: Value?
    }

    public let expression: CheckedExpr
    /// The whole expression's value (unknown with the reason when it cannot be decided).
    public let value: Value
    public let parts: [Part]

    /// Evaluates `expression` (checked against the rule set `facts` come from) on `facts`.
    public init(_ expression: CheckedExpr, facts: FactView) {
        let (value, values) = facts.evaluate(expression)
        let byID = Dictionary(values.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first })
        var parts: [Part] = []
        func walk(_ node: CheckedExpr, depth: Int) {
            parts.append(Part(depth: depth, text: node.text, type: node.type, value: byID[node.id]))
            node.forEachChild { walk($0, depth: depth + 1) }
        }
        walk(expression, depth: 0)
        self.expression = expression
        self.value = value
        self.parts = parts
    }
}
