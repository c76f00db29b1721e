/// The declared type of one fact or field, with its constraints.
///
/// ```yaml
/// facts:
///   stress: {type: integer, min: 0, max: 10, description: "Today's stress, 0-10"}
/// ```
public struct FactDeclaration: Sendable, Hashable {
    /// The full name: `stress`, or `work.context` for a field of a group, or `trigger.name` for a
    /// field of a multi-instance fact.
    public let name: String
    public let type: SteadyType
    /// Inclusive bounds for numbers and integers.
    public let minimum: Double?
    public let maximum: Double?
    public let unit: String?
    public let summary: String?
    /// A required fact is always present; any other fact may be missing (unknown).
    public let isRequired: Bool
    /// Derived facts are asserted by rules, never given as input.
    public let isDerived: Bool
    /// The words a patient reads for each value of an enum or set fact (`stress_event` →
    /// "a stressful event"), used when a reason shows the value.
    public let labels: [String: String]
    /// A standing fact belongs to the patient's profile: it is set once, carries forward from
    /// day to day, and a day's check-in overrides it.
    public let isStanding: Bool
    /// A standing value set more than this many days before the day planned is treated as unknown.
    public let maxAgeDays: Int?
    /// A date that may not be later than the state's `date` (an injection that already happened).
    public let notFuture: Bool
    public let span: SourceSpan

    public init(name: String, type: SteadyType, minimum: Double? = nil, maximum: Double? = nil, unit: String? = nil,
                summary: String? = nil, isRequired: Bool = false, isDerived: Bool = false, labels: [String: String] = [:],
                isStanding: Bool = false, maxAgeDays: Int? = nil, notFuture: Bool = false, span: SourceSpan) {
        self.name = name
        self.type = type
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit
        self.summary = summary
        self.isRequired = isRequired
        self.isDerived = isDerived
        self.labels = labels
        self.isStanding = isStanding
        self.maxAgeDays = maxAgeDays
        self.notFuture = notFuture
        self.span = span
    }

    /// The words a patient reads for `value`: its label, else the id with spaces for `_`
    /// (`stress_event` → "stress event").
    public func label(of value: String) -> String { Self.label(of: value, in: labels) }

    /// `value`'s entry in `labels`, else the id with spaces for `_`.
    public static func label(of value: String, in labels: [String: String]) -> String {
        labels[value] ?? value.replacingOccurrences(of: "_", with: " ")
    }

    /// The same declaration under another name (a record's field under its dotted name).
    func renamed(_ name: String, isDerived: Bool? = nil) -> FactDeclaration {
        FactDeclaration(name: name, type: type, minimum: minimum, maximum: maximum, unit: unit, summary: summary,
                        isRequired: isRequired, isDerived: isDerived ?? self.isDerived, labels: labels,
                        isStanding: isStanding, maxAgeDays: maxAgeDays, notFuture: notFuture, span: span)
    }
}

/// A multi-instance fact type (a template): many instances, each with typed fields.
///
/// ```yaml
/// facts:
///   trigger:
///     type: template
///     fields:
///       name: {type: enum, values: [deadline, poor_sleep]}
///       active: {type: bool, required: true}
/// ```
public struct FactTemplate: Sendable, Hashable {
    public let name: String
    /// Fields in declaration order; their names are unqualified (`name`, `active`).
    public let fields: [FactDeclaration]
    public let isDerived: Bool
    public let summary: String?
    public let span: SourceSpan

    public func field(_ name: String) -> FactDeclaration? { fields.first { $0.name == name } }
}

/// Every fact a rule set reads or derives: single facts (including the fields of groups, by
/// dotted name) and multi-instance templates.
public struct Schema: Sendable, Hashable {
    /// The input fact that names the day a state describes (type date): it sets "today" for
    /// `days_since` and the history functions.
    public static let dateFact = "date"

    /// Single facts by full name (`stress`, `work.context`).
    public private(set) var facts: [String: FactDeclaration] = [:]
    /// Group names and their field names (`work` → `[context, screen_hours]`).
    public private(set) var records: [String: [String]] = [:]
    public private(set) var templates: [String: FactTemplate] = [:]
    /// Named constants, read in expressions as `params.name`; a later layer may change them.
    public private(set) var params: [String: Value] = [:]
    /// Where each parameter's value in effect was set (the last layer that set it).
    public private(set) var paramSpans: [String: SourceSpan] = [:]

    public init() {}

    /// Every declared label by value, over all facts (the first fact by name wins when two label a
    /// value differently): for a reason that shows a computed enum value.
    public var valueLabels: [String: String] {
        let declarations = facts.values.sorted { $0.name < $1.name } + templates.keys.sorted().flatMap { templates[$0]!.fields }
        var labels: [String: String] = [:]
        for declaration in declarations {
            labels.merge(declaration.labels) { first, _ in first }
        }
        return labels
    }

    /// Every name an expression may start with, for "did you mean" hints.
    public var topLevelNames: [String] {
        (facts.keys.filter { !$0.contains(".") } + records.keys + templates.keys).sorted()
    }

    /// The span of whatever already uses `name`, if anything.
    func existing(_ name: String) -> SourceSpan? {
        facts[name]?.span ?? templates[name]?.span ?? records[name].flatMap { fields in
            fields.first.flatMap { facts["\(name).\($0)"]?.span }
        }
    }

    mutating func add(_ fact: FactDeclaration) { facts[fact.name] = fact }

    mutating func addRecord(_ name: String, fields: [FactDeclaration]) {
        records[name] = fields.map(\.name)
        for field in fields { add(field.renamed("\(name).\(field.name)")) }
    }

    mutating func add(_ template: FactTemplate) { templates[template.name] = template }

    mutating func setParam(_ name: String, _ value: Value, span: SourceSpan) {
        params[name] = value
        paramSpans[name] = span
    }
}
