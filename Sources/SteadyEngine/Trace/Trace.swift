import SteadyRules

/// An instance a pattern bound when a rule fired, with where it came from.
public struct MatchedFact: Sendable, Hashable {
    public let binding: String
    public let template: String
    public let instance: Int
    public let fields: [String: Value]
    public let provenance: Provenance
}

/// A single fact a fired rule's condition read, with its value and where it came from.
public struct FactRead: Sendable, Hashable {
    public let fact: String
    public let value: Value
    public let provenance: Provenance
}

/// What a firing did.
public enum Effect: Sendable, Hashable {
    case derived(fact: String, value: Value)
    case derivedInstance(template: String, instance: Int, fields: [String: Value])
    case recommended(action: String, priority: Int, reason: Reason)
    case suppressed(action: String, reason: Reason)
    case alerted(level: Alert.Level, message: Reason, action: String?)
}

/// One rule firing: the rule, the match, every condition value, and its effects.
public struct Firing: Sendable, Hashable {
    /// Position in the run's firing order (0-based).
    public let index: Int
    public let rule: String
    public let stratum: Int
    public let matched: [MatchedFact]
    public let reads: [FactRead]
    /// Every sub-expression of the condition with its value, in condition order.
    public let values: [ExpressionValue]
    public let effects: [Effect]
}

/// Why a rule did not fire: the first element of its condition that did not hold.
public struct Miss: Sendable, Hashable {
    public let rule: String
    /// Index of the failing element in the rule's condition (nil when the rule is disabled).
    public let element: Int?
    /// The failing condition's text.
    public let condition: String
    /// `false`, or `unknown` (naming what was missing), or "no instance" for a pattern.
    public let value: Value
    /// The sub-expression values of the failing condition (for the first candidate instance,
    /// for a pattern).
    public let values: [ExpressionValue]
}

/// One event of a run, in order. Every explanation (why, why-not, test coverage, the audit
/// log) reads this one list.
public enum TraceEvent: Sendable, Hashable {
    /// An input fact's value at the start (or after an update).
    case input(fact: String, value: Value)
    case fired(firing: Int)
    /// A derived fact took a value, supported by a firing.
    case asserted(fact: String, value: Value, by: Int)
    /// A derived fact lost its last support and went back to its default.
    case retracted(fact: String, value: Value)
    /// A rule derived a new instance of a multi-instance fact.
    case instanceAsserted(template: String, instance: Int, by: Int)
    /// A derived instance lost its last support and was removed.
    case instanceRetracted(template: String, instance: Int)
    /// A firing's match went away: its effects are withdrawn (truth maintenance).
    case withdrawn(firing: Int)
}

extension MatchedFact {
    /// `instance`, bound to `binding` by a pattern.
    init(binding: String, _ instance: FactInstance, slots: SlotTable) {
        self.init(binding: binding, template: slots.templates[instance.template], instance: instance.id,
                  fields: Dictionary(uniqueKeysWithValues: zip(slots.fields[instance.template], instance.fields)),
                  provenance: instance.provenance)
    }
}
