/// Decodes one file's ``YAMLNode`` tree into ``FileSyntax``: the shape is checked (keys, kinds,
/// scalar types, ids) and every problem is reported; expressions are kept as text.
struct FileDecoder {
    private var reader: NodeReader
    private let limits: Limits
    /// How many cores may decode a long list of rules.
    private let jobs: Int

    init(file: SourceFile, limits: Limits, jobs: Int) {
        self.reader = NodeReader(file: file)
        self.limits = limits
        self.jobs = jobs
    }

    /// The file's syntax (nil when its kind or header cannot be read) and its diagnostics.
    static func decode(_ root: YAMLNode, file: SourceFile, limits: Limits, jobs: Int = 1) -> (FileSyntax?, [Diagnostic]) {
        var decoder = FileDecoder(file: file, limits: limits, jobs: jobs)
        let syntax = decoder.decodeFile(root)
        return (syntax, decoder.reader.diagnostics)
    }

    static let ruleFileKeys = ["ruleset", "version", "description", "imports", "params", "disable", "override", "facts", "rules", "tests"]
    static let catalogKeys = ["catalog", "version", "description", "actions"]
    static let policyKeys = ["policy", "version", "description", "time_budget_minutes", "max_items", "slot_order", "budget_fact"]

    private mutating func decodeFile(_ root: YAMLNode) -> FileSyntax? {
        guard case .mapping(let pairs) = root.kind else {
            reader.report(.unknownFileKind, "expected a mapping at the top of the file; found \(root.kindName)",
                          at: reader.span(root), hint: "a rule file starts with 'ruleset:'; a catalog with 'catalog:'")
            return nil
        }
        let keys = Set(pairs.map(\.key))
        let kind: FileSyntax.Kind
        if keys.contains("ruleset") || keys.contains("rules") || keys.contains("facts") {
            kind = .rules
        } else if keys.contains("catalog") || keys.contains("actions") {
            kind = .catalog
        } else if keys.contains("policy") {
            kind = .policy
        } else {
            reader.report(.unknownFileKind, "this is neither a rule file nor an action catalog", at: reader.span(root),
                          hint: "a rule file has 'ruleset:', 'facts:' and 'rules:'; a catalog has 'catalog:' and 'actions:'")
            return nil
        }
        let (nameKey, what, allowed): (String, String, [String]) = switch kind {
        case .rules: ("ruleset", "the rule file", Self.ruleFileKeys)
        case .catalog: ("catalog", "the catalog", Self.catalogKeys)
        case .policy: ("policy", "the plan policy", Self.policyKeys)
        }
        guard let fields = reader.mapping(root, in: what, allowed: allowed,
                                          required: kind == .policy ? ["policy", "version", "time_budget_minutes", "max_items"]
                                                                    : [nameKey, "version"]),
              let namePair = fields[nameKey],
              let name = reader.identifier(namePair.value, "the \(nameKey) name", style: .kebab),
              let versionPair = fields["version"], let version = reader.string(versionPair.value, "version")
        else { return nil }
        if let description = fields["description"] { _ = reader.string(description.value, "description") }
        var syntax = FileSyntax(kind: kind, file: reader.file, name: name, nameSpan: reader.span(namePair.value),
                                version: version)
        if kind == .policy {
            let budget = fields["time_budget_minutes"].flatMap { reader.integer($0.value, "time_budget_minutes", in: 0...600) }
            let maxItems = fields["max_items"].flatMap { reader.integer($0.value, "max_items", in: 1...50) }
            var slots = PlanPolicy.standard.slotOrder
            if let order = fields["slot_order"], let names = reader.strings(order.value, "slot_order") {
                slots = names.compactMap { CatalogAction.Slot(rawValue: $0) }
                if slots.count != names.count || Set(slots).count != CatalogAction.Slot.allCases.count {
                    reader.report(.invalidValue, "slot_order lists each of morning, midday, evening and any once",
                                  at: reader.span(order.value))
                }
            }
            let budgetFact = fields["budget_fact"].flatMap { reader.identifier($0.value, "budget_fact", style: .fact) }
            guard let budget, let maxItems else { return nil }
            syntax.policy = PlanPolicy(name: name, version: version, timeBudgetMinutes: budget, maxItems: maxItems,
                                       slotOrder: slots, budgetFact: budgetFact)
            return syntax
        }
        if let facts = fields["facts"] { syntax.facts = decodeFacts(facts.value) }
        decodeLayering(fields, into: &syntax)
        if let rules = fields["rules"], let items = reader.sequence(rules.value, "rules") {
            if items.count > limits.maxRules {
                reader.report(.tooMany, "\(items.count) rules in one file; the limit is \(limits.maxRules)", at: reader.span(rules.value))
            } else {
                syntax.rules = decodeEach(items) { $0.decodeRule($1) }
            }
        }
        if let tests = fields["tests"], let items = reader.sequence(tests.value, "tests") {
            syntax.tests = items.compactMap { decodeTest($0) }
        }
        if let actions = fields["actions"], let items = reader.sequence(actions.value, "actions") {
            if items.count > limits.maxActions {
                reader.report(.tooMany, "\(items.count) actions in one file; the limit is \(limits.maxActions)",
                              at: reader.span(actions.value))
            } else {
                syntax.actions = items.compactMap { decodeAction($0) }
            }
        }
        return syntax
    }

    /// Decodes each item on its own decoder — on several cores when there are enough items to
    /// pay for it — and keeps the results and diagnostics in item order, as one decoder would.
    private mutating func decodeEach<T: Sendable>(_ items: [YAMLNode], _ decode: @Sendable (inout FileDecoder, YAMLNode) -> T?) -> [T] {
        let (file, limits) = (reader.file, limits)
        let decoded = parallelMap(count: items.count, jobs: stageJobs(items.count, upTo: jobs)) { index in
            var decoder = FileDecoder(file: file, limits: limits, jobs: 1)
            return (decode(&decoder, items[index]), decoder.reader.diagnostics)
        }
        for (_, diagnostics) in decoded { reader.append(diagnostics) }
        return decoded.compactMap(\.0)
    }

    // MARK: - Layers

    private mutating func decodeLayering(_ fields: NodeReader.Fields, into syntax: inout FileSyntax) {
        if let imports = fields["imports"], let items = reader.sequence(imports.value, "imports") {
            syntax.imports = items.compactMap { item in reader.string(item, "an import").map { ($0, reader.span(item)) } }
        }
        if let params = fields["params"],
           let pairs = reader.pairs(params.value, "'params'", hint: "for example:  params: {high_stress: 7}") {
            for pair in pairs {
                guard IdentifierStyle.fact.matches(pair.key) else {
                    reader.report(.invalidIdentifier, "parameter name '\(pair.key)' is not \(IdentifierStyle.fact)", at: reader.span(key: pair))
                    continue
                }
                guard case .scalar(let text, let style) = pair.value.kind, !pair.value.isNull else {
                    reader.report(.wrongNodeKind, "parameter '\(pair.key)' must be a number, true/false or text", at: reader.span(pair.value))
                    continue
                }
                let value: Value = if style != .plain { .string(text) }
                    else if let integer = Int(text) { .integer(integer) }
                    else if let number = Double(text), number.isFinite, text.contains(".") { .number(number) }
                    else if text == "true" || text == "false" { .bool(text == "true") }
                    else { .string(text) }
                syntax.params.append((pair.key, value, reader.span(key: pair)))
            }
        }
        if let disable = fields["disable"], let items = reader.sequence(disable.value, "disable") {
            syntax.disable = items.compactMap { item in
                reader.identifier(item, "rule id", style: .kebab).map { ($0, reader.span(item, length: $0.count)) }
            }
        }
        if let overrides = fields["override"],
           let pairs = reader.pairs(overrides.value, "'override'", hint: "for example:  override: {high-stress-breathing: {priority: 90}}") {
            for pair in pairs {
                guard let changes = reader.mapping(pair.value, in: "the override of '\(pair.key)'", allowed: ["priority", "salience"]) else { continue }
                let priority = changes["priority"].flatMap { reader.integer($0.value, "priority", in: 0...100) }
                let salience = changes["salience"].flatMap { reader.integer($0.value, "salience", in: -10_000...10_000) }
                syntax.overrides.append(RuleOverride(rule: pair.key, salience: salience, priority: priority, span: reader.span(key: pair)))
            }
        }
    }

    // MARK: - Facts

    static let factKeys = ["type", "description", "unit", "min", "max", "values", "required", "derived", "fields"]
    static let factTypes = ["number", "integer", "bool", "string", "enum", "set", "date", "record", "template"]

    private mutating func decodeFacts(_ node: YAMLNode) -> [FactSyntax] {
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
    private mutating func decodeFact(_ pair: YAMLNode.Pair, allowGroups: Bool) -> FactSyntax? {
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

    // MARK: - Rules

    static let ruleKeys = ["id", "title", "when", "then", "salience", "priority", "rationale", "evidence", "tags", "author", "enabled"]

    private mutating func decodeRule(_ node: YAMLNode) -> RuleSyntax? {
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
        let evidence = fields["evidence"].flatMap { reader.strings($0.value, "evidence") } ?? []
        let tags = fields["tags"].flatMap { reader.strings($0.value, "tags") } ?? []
        let author = fields["author"].flatMap { reader.string($0.value, "author") }
        let enabled = fields["enabled"].map { reader.bool($0.value, "enabled") } ?? true
        guard let id, let title, let then, let salience, let priority, let enabled,
              fields["when"] == nil || when != nil else { return nil }
        return RuleSyntax(id: id, idSpan: reader.span(fields["id"]!.value, length: id.count), title: title, when: when,
                          then: then, salience: salience, priority: priority, rationale: rationale, evidence: evidence,
                          tags: tags, author: author, enabled: enabled, span: reader.span(node))
    }

    /// "rule 'x'" when the id can be read, else "a rule".
    private func ruleLabel(_ node: YAMLNode) -> String {
        if case .mapping(let pairs) = node.kind, let id = pairs.first(where: { $0.key == "id" })?.value.scalar {
            return "rule '\(id)'"
        }
        return "a rule"
    }

    private mutating func decodeCondition(_ node: YAMLNode) -> ConditionSyntax? {
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

    static let effectKinds = ["derive", "recommend", "suppress", "alert"]
    static let effectKeys = ["derive": ["derive", "value", "fields"], "recommend": ["recommend", "priority", "reason"],
                             "suppress": ["suppress", "reason"], "alert": ["alert", "message", "action"]]

    private mutating func decodeEffects(_ node: YAMLNode, rule: String) -> [EffectSyntax]? {
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

    private mutating func decodeEffect(_ node: YAMLNode) -> EffectSyntax? {
        guard case .mapping(let pairs) = node.kind else {
            reader.report(.wrongNodeKind, "each effect in 'then' is a mapping such as 'recommend: action_id'; found \(node.kindName)",
                          at: reader.span(node))
            return nil
        }
        let kinds = pairs.map(\.key).filter { Self.effectKinds.contains($0) }
        guard kinds.count == 1, let kind = kinds.first else {
            if kinds.isEmpty {
                let guess = pairs.first.flatMap { Suggestions.closest(to: $0.key, in: Self.effectKinds) }
                reader.report(.missingKey, "an effect needs one of derive, recommend, suppress or alert", at: reader.span(node),
                              hint: guess.map { "did you mean '\($0)'?" })
            } else {
                reader.report(.invalidValue, "an effect has one kind; found \(kinds.map { "'\($0)'" }.joined(separator: " and "))",
                              at: reader.span(node), hint: "write each as its own '- ' entry")
            }
            return nil
        }
        let required = switch kind {
        case "suppress": ["reason"]
        case "alert": ["message"]
        default: [String]()
        }
        guard let fields = reader.mapping(node, in: "a '\(kind)' effect", allowed: Self.effectKeys[kind]!, required: required),
              let head = fields[kind] else { return nil }
        let headSpan = reader.span(head.value, length: head.value.scalar?.unicodeScalars.count ?? 1)
        switch kind {
        case "derive":
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
        case "recommend":
            let action: ActionName
            if let text = head.value.scalar, text.hasPrefix("{"), text.hasSuffix("}"),
               let source = reader.expression(head.value, "action") {
                action = .expression(source)
            } else {
                guard let id = reader.identifier(head.value, "action id", style: .action) else { return nil }
                action = .id(id)
            }
            let priority = fields["priority"].map { reader.integer($0.value, "priority", in: 0...100) }
            if case .some(nil) = priority { return nil }
            let reason = fields["reason"].flatMap { reader.expression($0.value, "'reason'") }
            return .recommend(action: action, span: headSpan, priority: priority ?? nil, reason: reason)
        case "suppress":
            guard let action = reader.identifier(head.value, "action id", style: .action),
                  let reason = fields["reason"].flatMap({ reader.expression($0.value, "'reason'") }) else { return nil }
            return .suppress(action: action, span: headSpan, reason: reason)
        default:
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

    // MARK: - Tests

    static let testKeys = ["name", "state", "history", "expect"]
    static let expectKeys = ["actions", "absent", "recommended", "alerts", "derived", "fired", "not_fired", "order"]

    private mutating func decodeTest(_ node: YAMLNode) -> RuleTest? {
        guard let fields = reader.mapping(node, in: "a test", allowed: Self.testKeys, required: ["name", "state", "expect"]),
              let name = fields["name"].flatMap({ reader.string($0.value, "test name") }),
              let state = fields["state"]?.value, let expectNode = fields["expect"]?.value,
              let expect = reader.mapping(expectNode, in: "'expect' of test '\(name)'", allowed: Self.expectKeys)
        else { return nil }
        guard case .mapping = state.kind else {
            reader.report(.wrongNodeKind, "the state of test '\(name)' must be a mapping of fields", at: reader.span(state))
            return nil
        }
        var expectations = RuleTest.Expectations()
        func ids(_ key: String, style: IdentifierStyle) -> [String] {
            guard let pair = expect[key], let items = reader.sequence(pair.value, "'\(key)'") else { return [] }
            return items.compactMap { reader.identifier($0, key == "fired" || key == "not_fired" ? "rule id" : "action id", style: style) }
        }
        expectations.actions = ids("actions", style: .action)
        expectations.absent = ids("absent", style: .action)
        expectations.recommended = ids("recommended", style: .action)
        expectations.order = ids("order", style: .action)
        expectations.fired = ids("fired", style: .kebab)
        expectations.notFired = ids("not_fired", style: .kebab)
        if let pair = expect["alerts"], let items = reader.sequence(pair.value, "'alerts'") {
            expectations.alerts = items.compactMap { enumValue($0, Alert.Level.self, "alert level") }
        }
        if let pair = expect["derived"] {
            guard case .mapping(let pairs) = pair.value.kind else {
                reader.report(.wrongNodeKind, "'derived' maps derived facts to their expected values", at: reader.span(pair.value))
                return nil
            }
            expectations.derived = pairs.map { .init(fact: $0.key, value: $0.value, span: reader.span(key: $0)) }
        }
        if let history = fields["history"]?.value {
            guard case .sequence = history.kind else {
                reader.report(.wrongNodeKind, "the history of test '\(name)' must be a list of earlier states", at: reader.span(history))
                return nil
            }
        }
        return RuleTest(name: name, state: state, history: fields["history"]?.value, expect: expectations, span: reader.span(node))
    }

    // MARK: - Catalog

    static let actionKeys = ["id", "title", "category", "minutes", "slot", "steps", "contraindications", "evidence", "description",
                             "rest_days"]

    private mutating func decodeAction(_ node: YAMLNode) -> ActionSyntax? {
        let label = ruleLabel(node).replacingOccurrences(of: "rule", with: "action")
        guard let fields = reader.mapping(node, in: label, allowed: Self.actionKeys,
                                          required: ["id", "title", "category", "minutes", "slot"]) else { return nil }
        let id = fields["id"].flatMap { reader.identifier($0.value, "action id", style: .action) }
        let title = fields["title"].flatMap { reader.string($0.value, "title") }
        let category = fields["category"].flatMap { enumValue($0.value, CatalogAction.Category.self, "category") }
        let minutes = fields["minutes"].flatMap { reader.integer($0.value, "minutes", in: 0...600) }
        let slot = fields["slot"].flatMap { enumValue($0.value, CatalogAction.Slot.self, "slot") }
        let steps = fields["steps"].flatMap { reader.strings($0.value, "steps") } ?? []
        let evidence = fields["evidence"].flatMap { reader.strings($0.value, "evidence") } ?? []
        let restDays = fields["rest_days"].flatMap { reader.integer($0.value, "rest_days", in: 1...30) }
        if let description = fields["description"] { _ = reader.string(description.value, "description") }
        var contraindications: [(EmbeddedSource, String?)] = []
        if let pair = fields["contraindications"], let items = reader.sequence(pair.value, "contraindications") {
            for item in items {
                if case .mapping = item.kind {
                    guard let entry = reader.mapping(item, in: "a contraindication", allowed: ["when", "reason"], required: ["when"]),
                          let when = entry["when"].flatMap({ reader.expression($0.value, "'when'") }) else { continue }
                    contraindications.append((when, entry["reason"].flatMap { reader.string($0.value, "reason") }))
                } else if let when = reader.expression(item, "a contraindication") {
                    contraindications.append((when, nil))
                }
            }
        }
        guard let id, let title, let category, let minutes, let slot else { return nil }
        return ActionSyntax(id: id, idSpan: reader.span(fields["id"]!.value, length: id.count), title: title,
                            category: category, minutes: minutes, slot: slot, steps: steps,
                            contraindications: contraindications, evidence: evidence, restDays: restDays)
    }

    private mutating func enumValue<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ type: T.Type, _ what: String) -> T?
        where T.RawValue == String
    {
        guard let text = reader.string(node, what) else { return nil }
        guard let value = T(rawValue: text) else {
            let names = T.allCases.map(\.rawValue)
            reader.report(.invalidValue, "unknown \(what) '\(text)'", at: reader.span(node, length: text.count),
                          hint: Suggestions.hint(for: text, in: names) ?? "one of: \(names.joined(separator: ", "))")
            return nil
        }
        return value
    }
}
