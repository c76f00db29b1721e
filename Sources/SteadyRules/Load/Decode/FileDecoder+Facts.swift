// Rule-file facts: single facts, groups (records) and templates.
extension FileDecoder {
    static let factKeys = ["type", "description", "unit", "min", "max", "values", "required", "derived", "fields"]
    static let factTypes = ["number", "integer", "bool", "string", "enum", "set", "date", "record", "template"]

    mutating func decodeFacts(_ node: YAMLNode) -> [FactSyntax] {
        guard case .mapping(let pairs) = node.kind else {
            reader.report(.wrongNodeKind, "'facts' must map each fact name to its declaration; found \(node.kindName)",
                          at: reader.span(node), hint: "for example:  stress: {type: integer, min: 0, max: 10}")
            return []
        }
        if pairs.count > limits.maxFacts {
            reader.report(.tooMany, "\(pairs.count) facts in one file; the limit is \(limits.maxFacts)", at: reader.span(node))
            return []
        }
        return pairs.compactMap { decodeFact($0, allowGroups: true) }
    }

    /// One `name: {type: ...}` entry. Groups and templates are allowed only at the top level.
    mutating func decodeFact(_ pair: YAMLNode.Pair, allowGroups: Bool) -> FactSyntax? {
        let what = "fact '\(pair.key)'"
        let nameSpan = reader.span(key: pair)
        guard IdentifierStyle.fact.matches(pair.key) else {
            reader.report(.invalidIdentifier, "fact name '\(pair.key)' is not \(IdentifierStyle.fact)", at: nameSpan,
                          hint: IdentifierStyle.fact.suggestion(for: pair.key).map { "write '\($0)'" })
            return nil
        }
        guard let fields = reader.mapping(pair.value, in: what, allowed: Self.factKeys, required: ["type"]),
              let typePair = fields["type"], let typeName = reader.string(typePair.value, "the type of \(what)")
        else { return nil }
        guard Self.factTypes.contains(typeName), allowGroups || (typeName != "record" && typeName != "template") else {
            let allowed = allowGroups ? Self.factTypes : Self.factTypes.filter { $0 != "record" && $0 != "template" }
            reader.report(.invalidFactDeclaration, "unknown type '\(typeName)' for \(what)", at: reader.span(typePair.value),
                          hint: Suggestions.hint(for: typeName, in: allowed) ?? "types: \(allowed.joined(separator: ", "))")
            return nil
        }
        let summary = fields["description"].flatMap { reader.string($0.value, "description") }
        let isDerived = fields["derived"].flatMap { reader.bool($0.value, "'derived'") } ?? false
        if typeName == "record" || typeName == "template" {
            for key in ["unit", "min", "max", "values", "required"] where fields[key] != nil {
                reader.report(.invalidFactDeclaration, "'\(key)' does not apply to a \(typeName); put it on a field",
                              at: reader.span(key: fields[key]!))
            }
            guard let fieldsPair = fields["fields"], case .mapping(let fieldPairs) = fieldsPair.value.kind, !fieldPairs.isEmpty else {
                reader.report(.invalidFactDeclaration, "a \(typeName) needs 'fields:' with at least one field", at: nameSpan)
                return nil
            }
            var declarations: [FactDeclaration] = []
            for fieldPair in fieldPairs {
                guard case .single(let field)? = decodeFact(fieldPair, allowGroups: false) else { continue }
                declarations.append(FactDeclaration(
                    name: field.name, type: field.type, minimum: field.minimum, maximum: field.maximum, unit: field.unit,
                    summary: field.summary, isRequired: field.isRequired, isDerived: isDerived, span: field.span))
            }
            guard declarations.count == fieldPairs.count else { return nil }
            return typeName == "record"
                ? .record(name: pair.key, fields: declarations, span: nameSpan)
                : .template(FactTemplate(name: pair.key, fields: declarations, isDerived: isDerived, summary: summary, span: nameSpan))
        }
        if let extra = fields["fields"] {
            reader.report(.invalidFactDeclaration, "only a record or template has 'fields'", at: reader.span(key: extra))
        }
        var type: SteadyType
        switch typeName {
        case "number": type = .number
        case "integer": type = .integer
        case "bool": type = .bool
        case "string": type = .string
        case "date": type = .date
        default:
            guard let valuesPair = fields["values"], let values = reader.strings(valuesPair.value, "'values'") else {
                if fields["values"] == nil {
                    reader.report(.invalidFactDeclaration, "\(what) is an \(typeName) and needs 'values: [...]'", at: nameSpan)
                }
                return nil
            }
            guard !values.isEmpty, Set(values).count == values.count else {
                reader.report(.invalidFactDeclaration, "'values' of \(what) must be non-empty and without repeats",
                              at: reader.span(valuesPair.value))
                return nil
            }
            type = typeName == "enum" ? .enumeration(values) : .set(values)
        }
        if fields["values"] != nil, type.enumValues == nil {
            reader.report(.invalidFactDeclaration, "'values' applies only to enum and set facts", at: reader.span(key: fields["values"]!))
        }
        var minimum: Double?, maximum: Double?
        for key in ["min", "max"] {
            guard let bound = fields[key] else { continue }
            guard type.isNumeric else {
                reader.report(.invalidFactDeclaration, "'\(key)' applies only to number and integer facts", at: reader.span(key: bound))
                continue
            }
            let value = reader.number(bound.value, "'\(key)' of \(what)")
            if key == "min" { minimum = value } else { maximum = value }
        }
        if let minimum, let maximum, minimum > maximum {
            reader.report(.invalidFactDeclaration, "'min' (\(Value.number(minimum))) is above 'max' (\(Value.number(maximum))) for \(what)",
                          at: reader.span(fields["min"]!.value))
        }
        let unit = fields["unit"].flatMap { reader.string($0.value, "unit") }
        let isRequired = fields["required"].flatMap { reader.bool($0.value, "'required'") } ?? false
        return .single(FactDeclaration(name: pair.key, type: type, minimum: minimum, maximum: maximum, unit: unit,
                                       summary: summary, isRequired: isRequired, isDerived: isDerived, span: nameSpan))
    }
}
