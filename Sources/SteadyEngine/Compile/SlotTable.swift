import SteadyRules

/// Numbers every fact and template of a schema, so the engine reads facts by array index, never
/// by name.
public struct SlotTable: Sendable {
    /// Single-fact names by slot (sorted, so slots do not depend on file order).
    public let names: [String]
    public let slotOf: [String: Int]
    /// The value a derived fact has while nothing supports it: `false` for bools (closed
    /// world), unknown otherwise. Nil for input facts.
    public let derivedDefault: [Value?]
    /// How many single facts are derived.
    public let derivedCount: Int
    /// Template names by index, and each template's field names in declaration order.
    public let templates: [String]
    public let templateIndex: [String: Int]
    public let fields: [[String]]

    public init(schema: Schema) {
        names = schema.facts.keys.sorted()
        slotOf = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        derivedDefault = names.map { name in
            guard let fact = schema.facts[name], fact.isDerived else { return nil }
            return fact.type == .bool ? .bool(false) : .unknown(reason: name)
        }
        derivedCount = derivedDefault.count { $0 != nil }
        templates = schema.templates.keys.sorted()
        templateIndex = Dictionary(uniqueKeysWithValues: templates.enumerated().map { ($1, $0) })
        fields = templates.map { schema.templates[$0]!.fields.map(\.name) }
    }

    /// Each slot's value before any fact is given: a derived fact's default, unknown for an
    /// input (the state then fills in what it gives).
    public var initialValues: [Value] {
        derivedDefault.enumerated().map { $1 ?? .unknown(reason: names[$0]) }
    }

    /// The index of `field` in instances of template number `template`.
    func fieldIndex(_ field: String, of template: Int) -> Int? {
        fields[template].firstIndex(of: field)
    }
}
