import SteadyRules

/// An effect of an active firing that shapes a plan — a recommendation, a suppression or an
/// alert — with the firing it came from: what plan assembly reads of a run.
public struct PlanEffect: Sendable, Hashable {
    /// The firing's position in the run's firing order.
    public let firing: Int
    public let rule: String
    public let effect: Effect

    /// The effect's position in its rule's `then` (its reason's or message's).
    var position: Int? {
        switch effect {
        case .recommended(_, _, let reason), .suppressed(_, let reason): reason.effect
        case .alerted(_, let message, _): message.effect
        case .derived, .derivedInstance: nil
        }
    }

    /// Whether plan assembly reads `effect` (derivations only feed later rules).
    static func shapesPlan(_ effect: Effect) -> Bool {
        switch effect {
        case .recommended, .suppressed, .alerted: true
        case .derived, .derivedInstance: false
        }
    }
}

extension Run {
    /// The recommendations, suppressions and alerts of the active firings, in firing order.
    public var planEffects: [PlanEffect] {
        active.flatMap { index in
            firings[index].effects.filter(PlanEffect.shapesPlan).map { PlanEffect(firing: index, rule: firings[index].rule, effect: $0) }
        }
    }
}
