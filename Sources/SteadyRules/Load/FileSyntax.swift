/// What the decoder reads from one file before anything is type-checked: names and metadata
/// validated, expressions kept as text with their place in the file.
struct FileSyntax: Sendable {
    enum Kind: Sendable { case rules, catalog, policy }

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
    /// Other rule sets this file's layer builds on (paths relative to this file).
    var imports: [(path: String, span: SourceSpan)] = []
    /// The files each import resolved to (filled in by the loader), by import.
    var importedFiles: [[String]] = []
    /// Named constants (`params.high_stress`), which a later layer may change.
    var params: [(name: String, value: Value, span: SourceSpan)] = []
    /// Rules of earlier layers this layer turns off.
    var disable: [(id: String, span: SourceSpan)] = []
    /// Changes to rules of earlier layers.
    var overrides: [RuleOverride] = []
    /// Changes to actions of earlier catalog layers.
    var actionOverrides: [ActionOverride] = []
    /// The position of the command-line path (or source) that brought this file in; orders
    /// layers that do not import each other.
    var rank = 0
    /// Whether the file was read only because a layer imports it (not named by a path given).
    var imported = false
    var policy: PlanPolicy?
}

/// `override: {rule-id: {priority: 70, salience: 5}}` in a later layer.
struct RuleOverride: Sendable {
    let rule: String
    let salience: Int?
    let priority: Int?
    let span: SourceSpan
}

/// A declared fact: a single fact, a group of fields, or a multi-instance template.
enum FactSyntax: Sendable {
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
indirect enum ConditionSyntax: Sendable {
    case expression(EmbeddedSource)
    case all([ConditionSyntax])
    case any([ConditionSyntax])
    case not(ConditionSyntax)
}

struct RuleSyntax: Sendable {
    let id: String
    let idSpan: SourceSpan
    let title: String
    let when: ConditionSyntax?
    var then: [EffectSyntax]
    var salience: Int
    var priority: Int
    let rationale: String?
    let evidence: [Citation]
    let reviewed: Day?
    let tags: [String]
    let author: String?
    let enabled: Bool
    let span: SourceSpan
}

/// The action a `recommend` or `suppress` names: a literal id, or `{expression}` over an enum of ids.
enum ActionName: Sendable {
    case id(String)
    case expression(EmbeddedSource)
}

extension RuleSyntax {
    /// The rule with a later layer's changes: a new salience, and a priority that replaces
    /// every recommendation's.
    func overridden(salience: Int?, priority: Int?) -> RuleSyntax {
        var copy = self
        if let salience { copy.salience = salience }
        if let priority {
            copy.priority = priority
            copy.then = then.map { effect in
                if case .recommend(let action, let span, _, let reason) = effect { return .recommend(action: action, span: span, priority: priority, reason: reason) }
                return effect
            }
        }
        return copy
    }
}

/// One entry of `then:`.
enum EffectSyntax: Sendable {
    case derive(fact: String, span: SourceSpan, value: EmbeddedSource?, fields: [(String, EmbeddedSource)])
    case recommend(action: ActionName, span: SourceSpan, priority: Int?, reason: EmbeddedSource?)
    case suppress(action: ActionName, span: SourceSpan, reason: EmbeddedSource)
    case alert(level: Alert.Level, span: SourceSpan, message: EmbeddedSource, action: (String, SourceSpan)?)
}

struct ActionSyntax: Sendable {
    let id: String
    let idSpan: SourceSpan
    var title: String
    var category: CatalogAction.Category
    var minutes: Int
    var slot: CatalogAction.Slot
    var steps: [String]
    let contraindications: [(EmbeddedSource, String?)]
    var evidence: [Citation]
    var reviewed: Day?
    var restDays: Int?
    var group: String?

    /// The action with a later catalog layer's changes.
    func overridden(by change: ActionOverride) -> ActionSyntax {
        var copy = self
        let fields = change.fields
        if let title = fields.title { copy.title = title }
        if let category = fields.category { copy.category = category }
        if let minutes = fields.minutes { copy.minutes = minutes }
        if let slot = fields.slot { copy.slot = slot }
        if let steps = fields.steps { copy.steps = steps }
        if let evidence = fields.evidence { copy.evidence = evidence }
        if let reviewed = fields.reviewed { copy.reviewed = reviewed }
        if let restDays = fields.restDays { copy.restDays = restDays }
        if let group = fields.group { copy.group = group }
        return copy
    }
}

/// The fields of an action that a catalog file gives, each nil when not given.
struct ActionFields: Sendable {
    var title: String?
    var category: CatalogAction.Category?
    var minutes: Int?
    var slot: CatalogAction.Slot?
    var steps: [String]?
    var evidence: [Citation]?
    var reviewed: Day?
    var restDays: Int?
    var group: String?
}

/// `override: {walking: {minutes: 15}}` in a later catalog layer.
struct ActionOverride: Sendable {
    let action: String
    let fields: ActionFields
    let span: SourceSpan
}
