import SteadyRules

/// Where a fact came from: the patient's input, their check-in history, or a rule firing.
public enum Provenance: Sendable, Hashable, CustomStringConvertible {
    case input
    case history
    /// Derived by the firing with this index.
    case derived(firing: Int)
    /// A derived fact no rule concluded: it has its default (false, or unknown).
    case notDerived

    public var description: String {
        switch self {
        case .input: "input"
        case .history: "history"
        case .derived(let firing): "derived by firing #\(firing)"
        case .notDerived: "not derived: default"
        }
    }
}

/// One instance of a multi-instance fact (a template), with its field values in the
/// template's declaration order.
public struct FactInstance: Sendable, Hashable {
    public let id: Int
    public let template: Int
    public let fields: [Value]
    public let provenance: Provenance
}

/// The mutable state conditions are evaluated against: fact values by slot, live instances per
/// template, and the instances bound by the match being evaluated. Owned by one ``Session``.
///
/// Every compiled condition reads it, so its hot arrays skip the run-time exclusivity check
/// (`@exclusivity(unchecked)`): one session or scratch owns it, on one thread, and no access to
/// them spans a call that could touch them again (no `inout` or `modify` across evaluation).
final class WorkingMemory {
    @exclusivity(unchecked) var facts: [Value]
    @exclusivity(unchecked) var instances: [[FactInstance]]
    /// Field values of the instance bound to each binding number (empty when unbound).
    @exclusivity(unchecked) var bound: [[Value]]
    var today: Int?
    /// Earlier check-ins' fact values by slot, by days before today (1 = yesterday).
    var pastFacts: [Int: [Value]] = [:]
    /// How many days back the history reaches.
    var historyDays = 0
    /// The actions of earlier days' plans and those marked done, by days before today.
    var pastActions: [ActionEvent: [Int: Set<String>]] = [:]

    init(facts: [Value], templates: Int, bindings: Int, today: Int?) {
        self.facts = facts
        self.instances = Array(repeating: [], count: templates)
        self.bound = Array(repeating: [], count: bindings)
        self.today = today
    }
}
