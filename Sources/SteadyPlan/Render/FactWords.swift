import Foundation
import SteadyEngine
import SteadyRules

/// How a patient reads a fact and its value: the schema's description and labels instead of
/// dotted names and ids (`bont.last_injection` → "date of the last botulinum toxin injection",
/// `stress_event` → "a stressful event", `true` → "yes").
public struct FactWords: Sendable {
    public let schema: Schema

    public init(schema: Schema) {
        self.schema = schema
    }

    /// The fact's description up to any parenthesis, starting lower-case; without one, its
    /// name with spaces.
    public func name(_ fact: String) -> String {
        guard let summary = schema.facts[fact]?.summary, !summary.isEmpty else {
            return fact.replacingOccurrences(of: ".", with: " ").replacingOccurrences(of: "_", with: " ")
        }
        let head = summary.split(separator: "(", maxSplits: 1).first.map(String.init) ?? summary
        let trimmed = head.trimmingCharacters(in: .whitespaces)
        return trimmed.prefix(1).lowercased() + trimmed.dropFirst()
    }

    /// `value` of `fact` in plain words: labels for enum and set values, yes or no, numbers
    /// with at most one decimal, "not reported" for a missing value.
    public func value(_ value: Value, of fact: String) -> String {
        let labels = schema.facts[fact]?.labels ?? [:]
        func word(_ id: String) -> String { FactDeclaration.label(of: id, in: labels) }
        switch value {
        case .string(let id): return word(id)
        case .set(let ids): return ids.isEmpty ? "none" : ids.map(word).joined(separator: ", ")
        case .bool(let flag): return flag ? "yes" : "no"
        case .number(let number) where number.isFinite: return Value.readable(number)
        case .unknown: return "not reported"
        default: return value.description
        }
    }
}
