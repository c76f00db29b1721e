/// A checked rule: when its condition holds, its effects take place.
///
/// ```yaml
/// - id: high-stress-breathing
///   title: Paced breathing on a high-stress day
///   when: "stress >= 7"
///   then:
///     - recommend: breathing_diaphragmatic
///       reason: "stress is {stress}/10"
///   rationale: Slow breathing lowers arousal.
///   evidence: ["CD physiotherapy leaflet"]
/// ```
public struct Rule: Sendable, Hashable {
    public let id: String
    public let title: String
    public let condition: Condition
    /// What the rule does when it fires (its `then`).
    public let effects: [RuleEffect]
    /// Agenda order within a stratum: higher fires first (default 0).
    public let salience: Int
    public let rationale: String?
    public let evidence: [Citation]
    /// The day a clinician last reviewed the rule; `steady check` warns when it is missing or
    /// more than two years old.
    public let reviewed: Day?
    public let tags: [String]
    public let author: String?
    public let enabled: Bool
    /// Where the rule's mapping starts.
    public let span: SourceSpan
}

/// One effect of a rule's `then`.
public enum RuleEffect: Sendable, Hashable {
    /// Assert a derived fact (logically supported by the match).
    case derive(Derivation)
    /// Recommend a catalog action.
    case recommend(Recommendation)
    /// Remove a catalog action from the plan, with a reason.
    case suppress(Suppression)
    /// A safety message that heads the plan and is never dropped.
    case alert(Alert)
}

/// `derive: fact` (a bool set true), `derive: fact` + `value: expr`, or for a multi-instance fact
/// `derive: template` + `fields: {name: expr}`.
public struct Derivation: Sendable, Hashable {
    public let fact: String
    public let value: CheckedExpr?
    public let fields: [String: CheckedExpr]
    public let span: SourceSpan
}

/// A reason written for people, with `{expression}` placeholders filled from the match.
public struct ReasonTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        case value(CheckedExpr)
    }

    public let parts: [Part]
}

/// The action a recommendation or a suppression names: a fixed id, or the value of an
/// expression whose type is an enum of action ids (`recommend: "{c.action}"`), so one pattern
/// rule can recommend (or leave out) the action each matched fact names.
public enum ActionReference: Sendable, Hashable {
    case id(String)
    case value(CheckedExpr)

    /// Every action id this reference can name.
    public var possibleIDs: [String] {
        switch self {
        case .id(let id): [id]
        case .value(let expr): expr.type.enumValues ?? []
        }
    }

    /// The expression that computes the id, when it is computed.
    public var expression: CheckedExpr? {
        if case .value(let expr) = self { return expr }
        return nil
    }
}

public struct Recommendation: Sendable, Hashable {
    public let action: ActionReference
    /// 0-100; higher comes first in the plan.
    public let priority: Int
    public let reason: ReasonTemplate?
    public let span: SourceSpan
}

public struct Suppression: Sendable, Hashable {
    public let action: ActionReference
    public let reason: ReasonTemplate
    public let span: SourceSpan
}

public struct Alert: Sendable, Hashable {
    /// How urgent the alert is, most urgent first.
    public enum Level: String, Sendable, Hashable, CaseIterable, Codable {
        case emergency, crisis, urgent, clinician
    }

    public let level: Level
    public let message: ReasonTemplate
    /// An optional safety action from the catalog to show with the alert.
    public let action: String?
    public let span: SourceSpan
}
