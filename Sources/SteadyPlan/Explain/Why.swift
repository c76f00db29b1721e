import SteadyEngine
import SteadyRules

/// One step of a derivation: a firing, the inputs it read, and the firings that derived the
/// facts it read — down to the patient's inputs.
public struct DerivationNode: Sendable, Hashable {
    public let firing: Firing
    public let rule: Rule
    /// Single facts read from the input (or history), with values.
    public let inputs: [FactRead]
    /// Input instances the rule's patterns matched.
    public let matchedInputs: [MatchedFact]
    /// The history functions the condition computed over earlier check-ins (provenance
    /// `history`), with the days each read.
    public let history: [HistoryRead]
    /// The firings that derived the facts (or instances) this firing read.
    public let children: [DerivationNode]
}

/// Why an action is, or is not, in the plan.
public struct Why: Sendable {
    public enum Status: Sendable {
        case included(PlanItem)
        case removed(RemovedAction)
        case alert(PlanAlert)
        case notRecommended
    }

    public let action: CatalogAction
    public let status: Status
    /// The derivation of every firing that recommended it (or raised the alert).
    public let derivations: [DerivationNode]
}
