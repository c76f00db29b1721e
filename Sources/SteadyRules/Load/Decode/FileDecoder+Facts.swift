// Rule-file facts: single facts, groups (records) and templates.
extension FileDecoder {
    static let factKeys = ["type", "description", "unit", "min", "max", "values", "required", "derived", "fields",
                           "labels", "standing", "max_age_days", "not_future"]
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
            for key in ["unit", "min", "max", "values", "required", "labels", "standing", "max_age_days", "not_future"] where fields[key] != nil {
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
                if typeName == "template", field.isStanding || field.notFuture {
                    reader.report(.invalidFactDeclaration, "a template's fields cannot be 'standing' or 'not_future'; only single facts and a record's fields can",
                                  at: field.span)
                }
                declarations.append(field.renamed(field.name, isDerived: isDerived))
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
        let labels = decodeLabels(fields["labels"], type: type, what: what)
        let (isStanding, maxAgeDays) = decodeStanding(fields, isDerived: isDerived, isRequired: isRequired, what: what)
        let notFuture = fields["not_future"].flatMap { reader.bool($0.value, "'not_future'") } ?? false
        if notFuture, type != .date {
            reader.report(.invalidFactDeclaration, "'not_future' applies only to date facts", at: reader.span(key: fields["not_future"]!))
        }
        return .single(FactDeclaration(name: pair.key, type: type, minimum: minimum, maximum: maximum, unit: unit,
                                       summary: summary, isRequired: isRequired, isDerived: isDerived, labels: labels,
                                       isStanding: isStanding, maxAgeDays: maxAgeDays, notFuture: notFuture, span: nameSpan))
    }

    /// `labels: {value: words}` of an enum or set fact: every key one of its values.
    private mutating func decodeLabels(_ pair: YAMLNode.Pair?, type: SteadyType, what: String) -> [String: String] {
        guard let pair else { return [:] }
        guard let values = type.enumValues else {
            reader.report(.invalidFactDeclaration, "'labels' applies only to enum and set facts", at: reader.span(key: pair))
            return [:]
        }
        guard let pairs = reader.pairs(pair.value, "'labels'", hint: "for example:  labels: {stress_event: a stressful event}") else { return [:] }
        var labels: [String: String] = [:]
        for entry in pairs {
            guard values.contains(entry.key) else {
                reader.report(.unknownEnumValue, "'\(entry.key)' is not a value of \(what)", at: reader.span(key: entry),
                              hint: Suggestions.hint(for: entry.key, in: values))
                continue
            }
            if let words = reader.string(entry.value, "the label of '\(entry.key)'") { labels[entry.key] = words }
        }
        return labels
    }

    /// `standing: true` and `max_age_days: N` (only on a standing input fact).
    private mutating func decodeStanding(_ fields: NodeReader.Fields, isDerived: Bool, isRequired: Bool, what: String) -> (Bool, Int?) {
        let isStanding = fields["standing"].flatMap { reader.bool($0.value, "'standing'") } ?? false
        if isStanding, isDerived || isRequired {
            reader.report(.invalidFactDeclaration, "\(what) cannot be standing: only optional input facts carry forward from a profile",
                          at: reader.span(key: fields["standing"]!))
        }
        guard let agePair = fields["max_age_days"] else { return (isStanding, nil) }
        guard isStanding else {
            reader.report(.invalidFactDeclaration, "'max_age_days' applies only to a standing fact", at: reader.span(key: agePair),
                          hint: "add 'standing: true'")
            return (isStanding, nil)
        }
        return (isStanding, reader.integer(agePair.value, "'max_age_days'", in: 1...3650))
    }
}
