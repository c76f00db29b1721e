/// What the decoder reads from one file before anything is type-checked: names and metadata
/// validated, expressions kept as text with their place in the file.
struct FileSyntax {
    enum Kind { case rules, catalog, policy }

    let kind: Kind
    let file: SourceFile
    /// `ruleset:` or `catalog:` with its node, and `version:`.
    let name: String
    let nameSpan: SourceSpan
    let version: String
    var facts: [FactSyntax] = []
    var rules: [RuleSyntax] = []
    var actions: [ActionSyntax] = []
    var tests: [RuleTest] = []
    var policy: PlanPolicy?
}

/// A declared fact: a single fact, a group of fields, or a multi-instance template.
enum FactSyntax {
    case single(FactDeclaration)
    case record(name: String, fields: [FactDeclaration], span: SourceSpan)
    case template(FactTemplate)

    var name: String {
        switch self {
        case .single(let fact): fact.name
        case .record(let name, _, _): name
        case .template(let template): template.name
        }
    }

    var span: SourceSpan {
        switch self {
        case .single(let fact): fact.span
        case .record(_, _, let span): span
        case .template(let template): template.span
        }
    }
}

/// `when:` as written: one expression, or `all:`/`any:`/`not:` of nested conditions.
indirect enum ConditionSyntax {
    case expression(EmbeddedSource)
    case all([ConditionSyntax])
    case any([ConditionSyntax])
    case not(ConditionSyntax)
}

struct RuleSyntax {
    let id: String
    let idSpan: SourceSpan
    let title: String
    let when: ConditionSyntax?
    let then: [EffectSyntax]
    let salience: Int
    let priority: Int
    let rationale: String?
    let evidence: [String]
    let tags: [String]
    let author: String?
    let enabled: Bool
    let span: SourceSpan
}

/// The action a `recommend` names: a literal id, or `{expression}` over an enum of ids.
enum ActionName {
    case id(String)
    case expression(EmbeddedSource)
}

/// One entry of `then:`.
enum EffectSyntax {
    case derive(fact: String, span: SourceSpan, value: EmbeddedSource?, fields: [(String, EmbeddedSource)])
    case recommend(action: ActionName, span: SourceSpan, priority: Int?, reason: EmbeddedSource?)
    case suppress(action: String, span: SourceSpan, reason: EmbeddedSource)
    case alert(level: Alert.Level, span: SourceSpan, message: EmbeddedSource, action: (String, SourceSpan)?)
}

struct ActionSyntax {
    let id: String
    let idSpan: SourceSpan
    let title: String
    let category: CatalogAction.Category
    let minutes: Int
    let slot: CatalogAction.Slot
    let steps: [String]
    let contraindications: [(EmbeddedSource, String?)]
    let evidence: [String]
}
