// Rule-file rules: id, title, condition and effects (of an EffectKind).
extension FileDecoder {
    static let ruleKeys = ["id", "title", "when", "then", "salience", "priority", "rationale", "evidence", "tags", "author", "enabled", "reviewed"]

    mutating func decodeRule(_ node: YAMLNode) -> RuleSyntax? {
        let label = ruleLabel(node)
        guard let fields = reader.mapping(node, in: label, allowed: Self.ruleKeys, required: ["id", "title", "then"]) else {
            return nil
        }
        let id = fields["id"].flatMap { reader.identifier($0.value, "rule id", style: .kebab) }
        let title = fields["title"].flatMap { reader.string($0.value, "title") }
        let when = fields["when"].flatMap { decodeCondition($0.value) }
        let then = fields["then"].flatMap { decodeEffects($0.value, rule: label) }
        let salience = fields["salience"].map { reader.integer($0.value, "salience", in: -10_000...10_000) } ?? 0
        let priority = fields["priority"].map { reader.integer($0.value, "priority", in: 0...100) } ?? 50
        let rationale = fields["rationale"].flatMap { reader.string($0.value, "rationale") }
        let evidence = decodeEvidence(fields)
        let reviewed = decodeReviewed(fields)
        let tags = fields["tags"].flatMap { reader.strings($0.value, "tags") } ?? []
        let author = fields["author"].flatMap { reader.string($0.value, "author") }
        let enabled = fields["enabled"].map { reader.bool($0.value, "enabled") } ?? true
        guard let id, let title, let then, let salience, let priority, let enabled,
              fields["when"] == nil || when != nil else { return nil }
        return RuleSyntax(id: id, idSpan: reader.span(fields["id"]!.value, length: id.count), title: title, when: when,
                          then: then, salience: salience, priority: priority, rationale: rationale, evidence: evidence,
                          reviewed: reviewed, tags: tags, author: author, enabled: enabled, span: reader.span(node))
    }

    /// "rule 'x'" when the id can be read, else "a rule".
    func ruleLabel(_ node: YAMLNode) -> String {
        if case .mapping(let pairs) = node.kind, let id = pairs.first(where: { $0.key == "id" })?.value.scalar {
            return "rule '\(id)'"
        }
        return "a rule"
    }

    mutating func decodeCondition(_ node: YAMLNode) -> ConditionSyntax? {
        switch node.kind {
        case .scalar:
            return reader.expression(node, "'when'").map { .expression($0) }
        case .sequence(let items):
            let conditions = items.compactMap { decodeCondition($0) }
            return conditions.count == items.count ? .all(conditions) : nil
        case .mapping(let pairs):
            guard pairs.count == 1, let pair = pairs.first else {
                reader.report(.invalidValue, "a condition mapping has exactly one of 'all', 'any' or 'not'", at: reader.span(node))
                return nil
            }
            switch pair.key {
            case "all", "any":
                guard let items = reader.sequence(pair.value, "'\(pair.key)'") else { return nil }
                let conditions = items.compactMap { decodeCondition($0) }
                guard conditions.count == items.count else { return nil }
                return pair.key == "all" ? .all(conditions) : .any(conditions)
            case "not":
                return decodeCondition(pair.value).map { .not($0) }
            default:
                reader.report(.unknownKey, "unknown key '\(pair.key)' in a condition", at: reader.span(key: pair),
                              hint: Suggestions.hint(for: pair.key, in: ["all", "any", "not"]) ?? "use 'all', 'any' or 'not'")
                return nil
            }
        }
    }


    mutating func decodeEffects(_ node: YAMLNode, rule: String) -> [EffectSyntax]? {
        let items: [YAMLNode]
        switch node.kind {
        case .mapping: items = [node]
        case .sequence(let list): items = list
        case .scalar:
            reader.report(.wrongNodeKind, "'then' of \(rule) must list effects; found \(node.kindName)", at: reader.span(node),
                          hint: "for example:  then: [{recommend: breathing_diaphragmatic}]")
            return nil
        }
        guard !items.isEmpty else {
            reader.report(.emptyThen, "\(rule) has no effects in 'then'", at: reader.span(node),
                          hint: "add derive, recommend, suppress or alert")
            return nil
        }
        let effects = items.compactMap { decodeEffect($0) }
        return effects.count == items.count ? effects : nil
    }

    mutating func decodeEffect(_ node: YAMLNode) -> EffectSyntax? {
        guard case .mapping(let pairs) = node.kind else {
            reader.report(.wrongNodeKind, "each effect in 'then' is a mapping such as 'recommend: action_id'; found \(node.kindName)",
                          at: reader.span(node))
            return nil
        }
        let kinds = pairs.compactMap { EffectKind(rawValue: $0.key) }
        guard kinds.count == 1, let kind = kinds.first else {
            if kinds.isEmpty {
                let guess = pairs.first.flatMap { Suggestions.closest(to: $0.key, in: EffectKind.allCases.map(\.rawValue)) }
                reader.report(.missingKey, "an effect needs one of derive, recommend, suppress or alert", at: reader.span(node),
                              hint: guess.map { "did you mean '\($0)'?" })
            } else {
                reader.report(.invalidValue, "an effect has one kind; found \(kinds.map { "'\($0.rawValue)'" }.joined(separator: " and "))",
                              at: reader.span(node), hint: "write each as its own '- ' entry")
            }
            return nil
        }
        guard let fields = reader.mapping(node, in: "a '\(kind.rawValue)' effect", allowed: kind.keys, required: kind.required),
              let head = fields[kind.rawValue] else { return nil }
        let headSpan = reader.span(head.value, length: head.value.scalar?.unicodeScalars.count ?? 1)
        switch kind {
        case .derive:
            guard let fact = reader.identifier(head.value, "derived fact", style: .fact) else { return nil }
            let value = fields["value"].flatMap { reader.expression($0.value, "'value'") }
            var assignments: [(String, EmbeddedSource)] = []
            if let fieldsPair = fields["fields"] {
                guard let pairs = reader.pairs(fieldsPair.value, "'fields'", hint: "map each field to an expression") else { return nil }
                for pair in pairs {
                    guard let source = reader.expression(pair.value, "field '\(pair.key)'") else { return nil }
                    assignments.append((pair.key, source))
                }
            }
            return .derive(fact: fact, span: headSpan, value: value, fields: assignments)
        case .recommend:
            guard let action = actionName(head.value) else { return nil }
            let priority = fields["priority"].map { reader.integer($0.value, "priority", in: 0...100) }
            if case .some(nil) = priority { return nil }
            let reason = fields["reason"].flatMap { reader.expression($0.value, "'reason'") }
            return .recommend(action: action, span: headSpan, priority: priority ?? nil, reason: reason)
        case .suppress:
            guard let action = actionName(head.value),
                  let reason = fields["reason"].flatMap({ reader.expression($0.value, "'reason'") }) else { return nil }
            return .suppress(action: action, span: headSpan, reason: reason)
        case .alert:
            guard let levelName = reader.string(head.value, "alert level") else { return nil }
            guard let level = Alert.Level(rawValue: levelName) else {
                let levels = Alert.Level.allCases.map(\.rawValue)
                reader.report(.invalidValue, "unknown alert level '\(levelName)'", at: headSpan,
                              hint: Suggestions.hint(for: levelName, in: levels) ?? "levels: \(levels.joined(separator: ", "))")
                return nil
            }
            guard let message = fields["message"].flatMap({ reader.expression($0.value, "'message'") }) else { return nil }
            var action: (String, SourceSpan)?
            if let actionPair = fields["action"] {
                guard let id = reader.identifier(actionPair.value, "action id", style: .action) else { return nil }
                action = (id, reader.span(actionPair.value, length: id.count))
            }
            return .alert(level: level, span: headSpan, message: message, action: action)
        }
    }

    /// The action a `recommend` or `suppress` names: `{expression}` (checked later to be an enum
    /// of action ids), or a literal action id.
    private mutating func actionName(_ node: YAMLNode) -> ActionName? {
        if let text = node.scalar, text.hasPrefix("{"), text.hasSuffix("}") {
            return reader.expression(node, "action").map { .expression($0) }
        }
        return reader.identifier(node, "action id", style: .action).map { .id($0) }
    }
}
