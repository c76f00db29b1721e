import Foundation
import SteadyRules

/// `steady eval`'s output: for people, the expression's type and value and then every
/// sub-expression with its value, indented as the expression nests; for programs, the same as
/// JSON with typed values (`null` and an `unknown` reason when a value is unknown).
public enum EvaluationRenderer {
    /// ```text
    /// stress >= 7 and 'deadline' in triggers
    ///   type   bool
    ///   value  true
    ///
    ///   true                 stress >= 7 and 'deadline' in triggers
    ///   true                   stress >= 7
    ///   8                        stress
    /// ```
    public static func text(_ evaluation: Evaluation) -> String {
        var out = "\(evaluation.expression.text)\n  type   \(evaluation.expression.type)\n  value  \(evaluation.value)\n"
        let shown = evaluation.parts.map { part in part.value?.description ?? "(not evaluated)" }
        // Values longer than this do not push every text to the right.
        let width = min(shown.map(\.count).max() ?? 0, 24)
        out += "\n"
        for (part, value) in zip(evaluation.parts, shown) {
            let padding = String(repeating: " ", count: max(width - value.count, 0) + 2 + 2 * part.depth)
            out += "  \(value)\(padding)\(part.text)\n"
        }
        return out
    }

    public static func json(_ evaluation: Evaluation) throws -> String {
        func members(_ value: Value?) -> [(String, JSONTree)] {
            guard let value else { return [("evaluated", .bool(false))] }
            if case .unknown(let reason) = value { return [("value", .null), ("unknown", .string(reason))] }
            return [("value", JSONTree(value))]
        }
        let document = JSONTree.object([
            ("expression", .string(evaluation.expression.text)), ("type", .string(evaluation.expression.type.description)),
        ] + members(evaluation.value) + [
            ("parts", .array(evaluation.parts.map { part in
                .object([("depth", .int(part.depth)), ("text", .string(part.text)), ("type", .string(part.type.description))]
                        + members(part.value))
            })),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
