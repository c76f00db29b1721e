/// Checks decoded files together: merges the fact schema, type-checks every expression,
/// resolves action ids against the catalog and rejects duplicates. Produces a rule set and a
/// catalog only when there is no error at all, so nothing is ever half-loaded.
struct RuleSetBuilder {
    private var diagnostics: [Diagnostic] = []
    private var schema = Schema()
    private let limits: Limits
    /// How many cores check the rules of a large rule set.
    private let jobs: Int

    init(limits: Limits, jobs: Int = 1) {
        self.limits = limits
        self.jobs = jobs
    }

    static func build(_ files: [FileSyntax], limits: Limits, jobs: Int = 1) -> (RuleSet?, ActionCatalog?, PlanPolicy?, [Diagnostic]) {
        var builder = RuleSetBuilder(limits: limits, jobs: jobs)
        let (ruleSet, catalog, diagnostics) = builder.build(files)
        let policies = files.compactMap(\.policy)
        var all = diagnostics
        if let ruleSet, let policy = policies.first, let fact = policy.budgetFact,
           let file = files.first(where: { $0.policy != nil }) {
            let declaration = ruleSet.schema.facts[fact]
            if declaration?.type != .integer || declaration?.isDerived == true {
                all.append(Diagnostic(.invalidValue, declaration == nil ? "budget_fact '\(fact)' is not a fact of rule set '\(ruleSet.name)'"
                                                                        : "budget_fact '\(fact)' must be an integer input fact (minutes)",
                                      at: file.nameSpan, hint: Suggestions.hint(for: fact, in: ruleSet.schema.facts.keys)))
            }
        }
        for file in files.filter({ $0.policy != nil }).dropFirst() {
            all.append(Diagnostic(.tooMany, "more than one plan policy is loaded", at: file.nameSpan,
                                  hint: "load one policy file"))
        }
        return (ruleSet, catalog, all.hasErrors ? nil : policies.first, all)
    }

    private mutating func build(_ files: [FileSyntax]) -> (RuleSet?, ActionCatalog?, [Diagnostic]) {
        let catalogFiles = files.filter { $0.kind == .catalog }
        let layers = orderLayers(files.filter { $0.kind == .rules })
        let ruleFiles = layers.flatMap { $0 }
        for layer in layers { checkHeaders(layer, what: "rule set") }
        checkHeaders(catalogFiles, what: "catalog")
        buildSchema(layers)
        buildParams(layers)
        let actions = catalogFiles.isEmpty ? nil : buildActions(catalogFiles, typeCheck: !ruleFiles.isEmpty)
        let rules = buildRules(composeRules(layers), actions: actions).sorted { $0.id < $1.id }
        guard !diagnostics.hasErrors else { return (nil, nil, diagnostics) }
        // Tests may name any rule a layer defines, also one a later layer disabled (it then
        // simply does not fire).
        checkTests(ruleFiles.flatMap(\.tests), rules: Set(ruleFiles.flatMap { $0.rules.map(\.id) }), actions: actions)
        guard !diagnostics.hasErrors else { return (nil, nil, diagnostics) }
        // The stratifier and the content hash are independent: for a large rule set, on two cores.
        let (schema, texts, jobs) = (schema, ruleFiles.map(\.file.text), stageJobs(rules.count, upTo: jobs))
        let ((strata, cycles), contentHash) = both(jobs: jobs) {
            Stratifier.stratify(rules, schema: schema, jobs: jobs)
        } and: {
            ContentHash.of(texts)
        }
        diagnostics += cycles
        guard cycles.isEmpty else { return (nil, nil, diagnostics) }
        let ruleSet = layers.last?.first.map {
            RuleSet(name: $0.name, version: $0.version, schema: schema, rules: rules, strata: strata,
                    files: ruleFiles.map(\.file.path), contentHash: contentHash, tests: ruleFiles.flatMap(\.tests))
        }
        let catalog = catalogFiles.first.map {
            ActionCatalog(name: $0.name, version: $0.version, actions: (actions ?? [:]).values.sorted { $0.id < $1.id },
                          files: catalogFiles.map(\.file.path), contentHash: ContentHash.of(catalogFiles.map(\.file.text)))
        }
        return (ruleSet, catalog, diagnostics)
    }

    private mutating func report(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, hint: String? = nil,
                                 notes: [Diagnostic.Note] = [], severity: Severity = .error) {
        diagnostics.append(Diagnostic(code, message, at: span, severity: severity, hint: hint, notes: notes))
    }

    /// All files of one kind must name the same rule set (or catalog) and version.
    private mutating func checkHeaders(_ files: [FileSyntax], what: String) {
        guard let first = files.first else { return }
        for file in files.dropFirst() where file.name != first.name || file.version != first.version {
            report(.rulesetMismatch, "\(file.file.path) belongs to \(what) '\(file.name)' \(file.version), not '\(first.name)' \(first.version)",
                   at: file.nameSpan, hint: "check one \(what) at a time, or give every file the same name and version",
                   notes: [.init("'\(first.name)' \(first.version) is declared here", at: first.nameSpan)])
        }
    }

    // MARK: - Layers

    /// Rule files grouped into layers by rule-set name, imported layers first, otherwise in the
    /// order the paths were given. A cycle of imports is an error.
    private mutating func orderLayers(_ files: [FileSyntax]) -> [[FileSyntax]] {
        var groups: [String: [FileSyntax]] = [:]
        for file in files { groups[file.name, default: []].append(file) }
        let names = groups.keys.sorted { (groups[$0]!.map(\.rank).min()!, $0) < (groups[$1]!.map(\.rank).min()!, $1) }
        let layerOfPath = Dictionary(files.map { ($0.file.path, $0.name) }, uniquingKeysWith: { first, _ in first })
        var imports: [String: [(String, SourceSpan)]] = [:]
        for file in files {
            for (index, paths) in file.importedFiles.enumerated() {
                for name in Set(paths.compactMap { layerOfPath[$0] }) where name != file.name {
                    imports[file.name, default: []].append((name, file.imports[index].span))
                }
            }
        }
        var ordered: [String] = [], visiting: [String] = []
        func visit(_ name: String, _ builder: inout RuleSetBuilder) {
            if ordered.contains(name) { return }
            if let start = visiting.firstIndex(of: name) {
                let cycle = visiting[start...] + [name]
                let span = imports[visiting.last!]?.first { $0.0 == name }?.1 ?? groups[name]![0].nameSpan
                builder.report(.importCycle, "rule sets import each other: \(cycle.map { "'\($0)'" }.joined(separator: " → "))", at: span,
                               hint: "a layer may build on another, but not in a circle")
                return
            }
            visiting.append(name)
            for (imported, _) in imports[name] ?? [] { visit(imported, &builder) }
            visiting.removeLast()
            ordered.append(name)
        }
        for name in names { visit(name, &self) }
        return ordered.map { name in groups[name]!.sorted { $0.file.path < $1.file.path } }
    }

    /// Rules of all layers, in order: each layer first applies its `disable` and `override` to
    /// the rules of the layers before it, then adds its own. Defining a rule an earlier layer
    /// already has is a conflict unless this layer disables that rule.
    private mutating func composeRules(_ layers: [[FileSyntax]]) -> [(FileSyntax, RuleSyntax)] {
        var active: [(file: FileSyntax, rule: RuleSyntax)] = []
        for layer in layers {
            let name = layer[0].name
            var disabled: Set<String> = []
            for file in layer {
                for (id, span) in file.disable {
                    guard active.contains(where: { $0.rule.id == id }) else {
                        report(.unknownOverrideTarget, "'\(name)' disables rule '\(id)', which no earlier layer defines", at: span,
                               hint: Suggestions.hint(for: id, in: active.map(\.rule.id)) ?? "disable only rules of imported rule sets")
                        continue
                    }
                    disabled.insert(id)
                }
                for change in file.overrides {
                    guard let index = active.firstIndex(where: { $0.rule.id == change.rule }) else {
                        report(.unknownOverrideTarget, "'\(name)' overrides rule '\(change.rule)', which no earlier layer defines",
                               at: change.span, hint: Suggestions.hint(for: change.rule, in: active.map(\.rule.id)))
                        continue
                    }
                    active[index].rule = active[index].rule.overridden(salience: change.salience, priority: change.priority)
                }
            }
            active.removeAll { disabled.contains($0.rule.id) }
            let earlier = Dictionary(active.map { ($0.rule.id, $0) }, uniquingKeysWith: { first, _ in first })
            for file in layer {
                for rule in file.rules {
                    if let existing = earlier[rule.id] {
                        report(.ruleConflict, "rule '\(rule.id)' is already defined by rule set '\(existing.file.name)'", at: rule.idSpan,
                               hint: "add it to 'disable:' to replace it, use 'override:' to change it, or rename it",
                               notes: [.init("defined here", at: existing.rule.idSpan)])
                        continue
                    }
                    active.append((file, rule))
                }
            }
        }
        return active
    }

    /// Parameters in layer order: a later layer may change a value, keeping its type.
    private mutating func buildParams(_ layers: [[FileSyntax]]) {
        var declared: [String: (value: Value, span: SourceSpan, layer: String)] = [:]
        for layer in layers {
            var inLayer: [String: SourceSpan] = [:]
            for file in layer {
                for (name, value, span) in file.params {
                    if let first = inLayer[name] {
                        report(.duplicateFact, "parameter '\(name)' is declared twice", at: span, notes: [.init("first declared here", at: first)])
                        continue
                    }
                    inLayer[name] = span
                    if let earlier = declared[name], !Self.sameKind(earlier.value, value) {
                        report(.typeMismatch, "parameter '\(name)' was \(earlier.value) in '\(earlier.layer)'; \(value) has another type",
                               at: span, notes: [.init("declared here", at: earlier.span)])
                        continue
                    }
                    declared[name] = (value, span, file.name)
                    schema.setParam(name, value)
                }
            }
        }
    }

    private static func sameKind(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.integer, .integer), (.number, .number), (.integer, .number), (.number, .integer), (.bool, .bool), (.string, .string): true
        default: false
        }
    }

    // MARK: - Schema

    private mutating func buildSchema(_ layers: [[FileSyntax]]) {
        var count = 0
        var layerOf: [String: String] = [:]
        for file in layers.flatMap({ $0 }) {
            for fact in file.facts {
                count += 1
                if let first = schema.existing(fact.name) {
                    if layerOf[fact.name] != file.name, Self.sameDeclaration(fact, schema: schema) { continue }
                    let code: DiagnosticCode = layerOf[fact.name] == file.name ? .duplicateFact : .factConflict
                    report(code, code == .duplicateFact ? "fact '\(fact.name)' is declared twice"
                                                        : "fact '\(fact.name)' is declared differently by rule set '\(layerOf[fact.name]!)'",
                           at: fact.span, notes: [.init("first declared here", at: first)])
                    continue
                }
                layerOf[fact.name] = file.name
                switch fact {
                case .single(let declaration): schema.add(declaration)
                case .record(let name, let fields, _): schema.addRecord(name, fields: fields)
                case .template(let template): schema.add(template)
                }
            }
        }
        if count > limits.maxFacts, let file = layers.first?.first {
            report(.tooMany, "\(count) facts in the rule set; the limit is \(limits.maxFacts)", at: file.nameSpan)
        }
    }

    // MARK: - Catalog

    private mutating func buildActions(_ files: [FileSyntax], typeCheck: Bool) -> [String: CatalogAction] {
        var actions: [String: CatalogAction] = [:]
        for file in files {
            for syntax in file.actions {
                if let first = actions[syntax.id] {
                    report(.duplicateActionID, "action id '\(syntax.id)' is used twice", at: syntax.idSpan,
                           notes: [.init("first used here", at: first.span)])
                    continue
                }
                var checker = TypeChecker(schema: schema)
                checker.actionIDs = Set(files.flatMap { $0.actions.map(\.id) })
                let contraindications = syntax.contraindications.compactMap { source, reason -> CatalogAction.Contraindication? in
                    guard let expr = parse(source) else { return nil }
                    guard typeCheck else { return nil }
                    return .init(condition: checkTest(expr, source, &checker), reason: reason)
                }
                diagnostics += checker.diagnostics
                actions[syntax.id] = CatalogAction(
                    id: syntax.id, title: syntax.title, category: syntax.category, minutes: syntax.minutes, slot: syntax.slot,
                    steps: syntax.steps, contraindications: contraindications, evidence: syntax.evidence,
                    restDays: syntax.restDays, span: syntax.idSpan)
            }
        }
        if !typeCheck, let file = files.first, files.contains(where: { $0.actions.contains { !$0.contraindications.isEmpty } }) {
            report(.noCatalog, "no rule set was loaded, so contraindications were parsed but not type-checked",
                   at: file.nameSpan, hint: "check the catalog with its rules: steady check rules/ plans/", severity: .warning)
        }
        return actions
    }

    // MARK: - Tests

    /// Every rule, action and derived fact a test names must exist.
    private mutating func checkTests(_ tests: [RuleTest], rules: Set<String>, actions: [String: CatalogAction]?) {
        var names: [String: SourceSpan] = [:]
        for test in tests {
            if let first = names[test.name] {
                report(.duplicateTestName, "two tests are named '\(test.name)'", at: test.span, notes: [.init("the first is here", at: first)])
            }
            names[test.name] = names[test.name] ?? test.span
            let expect = test.expect
            for id in expect.fired + expect.notFired where !rules.contains(id) {
                report(.unknownName, "test '\(test.name)' names unknown rule '\(id)'", at: test.span,
                       hint: Suggestions.hint(for: id, in: rules))
            }
            if let actions {
                for id in expect.actions + expect.absent + expect.recommended + expect.order where actions[id] == nil {
                    report(.unknownAction, "test '\(test.name)' names unknown action '\(id)'", at: test.span,
                           hint: Suggestions.hint(for: id, in: actions.keys))
                }
            }
            for derived in expect.derived where schema.facts[derived.fact]?.isDerived != true {
                report(.notDerivable, "'\(derived.fact)' is not a derived fact", at: derived.span,
                       hint: Suggestions.hint(for: derived.fact, in: schema.facts.values.filter(\.isDerived).map(\.name)))
            }
        }
    }

    // MARK: - Rules

    private mutating func buildRules(_ composed: [(FileSyntax, RuleSyntax)], actions: [String: CatalogAction]?) -> [Rule] {
        var unique: [RuleSyntax] = []
        var idSpans: [String: SourceSpan] = [:]
        var reportedNoCatalog = false
        for (file, syntax) in composed {
            if let first = idSpans[syntax.id] {
                report(.duplicateRuleID, "rule id '\(syntax.id)' is used twice", at: syntax.idSpan,
                       notes: [.init("first used here", at: first)])
                continue
            }
            idSpans[syntax.id] = syntax.idSpan
            if actions == nil, !reportedNoCatalog, syntax.then.contains(where: { $0.actionID != nil }) {
                reportedNoCatalog = true
                report(.noCatalog, "no action catalog was loaded, so action ids were not checked", at: file.nameSpan,
                       hint: "check the rules with their catalog: steady check rules/ plans/", severity: .warning)
            }
            unique.append(syntax)
        }
        if composed.count > limits.maxRules, let file = composed.first?.0 {
            report(.tooMany, "\(composed.count) rules in the rule set; the limit is \(limits.maxRules)", at: file.nameSpan)
        }
        // Each rule is checked on its own builder (the schema is read-only by now), on several
        // cores for a large rule set; diagnostics are kept in rule order, as one builder would.
        let (rules, schema, limits, actionIDs) = (unique, schema, limits, actions.map { Set($0.keys) })
        let built = parallelMap(count: rules.count, jobs: stageJobs(rules.count, upTo: jobs)) { index in
            var builder = RuleSetBuilder(limits: limits)
            builder.schema = schema
            return (builder.buildRule(rules[index], actions: actions, actionIDs: actionIDs), builder.diagnostics)
        }
        for (_, diagnostics) in built { self.diagnostics += diagnostics }
        return built.map(\.0)
    }

    /// True when `fact` declares exactly what the schema already has under its name.
    private static func sameDeclaration(_ fact: FactSyntax, schema: Schema) -> Bool {
        func same(_ a: FactDeclaration, _ b: FactDeclaration?) -> Bool {
            guard let b else { return false }
            return a.type == b.type && a.minimum == b.minimum && a.maximum == b.maximum && a.unit == b.unit
                && a.isRequired == b.isRequired && a.isDerived == b.isDerived
        }
        switch fact {
        case .single(let declaration): return same(declaration, schema.facts[declaration.name])
        case .record(let name, let fields, _):
            return schema.records[name] == fields.map(\.name) && fields.allSatisfy { same($0, schema.facts["\(name).\($0.name)"]) }
        case .template(let template):
            guard let existing = schema.templates[template.name], existing.isDerived == template.isDerived,
                  existing.fields.count == template.fields.count else { return false }
            return zip(existing.fields, template.fields).allSatisfy { $0.name == $1.name && same($1, $0) }
        }
    }

    private mutating func buildRule(_ syntax: RuleSyntax, actions: [String: CatalogAction]?, actionIDs: Set<String>?) -> Rule {
        var checker = TypeChecker(schema: schema)
        checker.actionIDs = actionIDs
        let condition = syntax.when.map { checkCondition($0, &checker) } ?? .always
        var effects: [RuleAction] = []
        for effect in syntax.then {
            if let (id, span) = effect.actionID, let actions, actions[id] == nil {
                report(.unknownAction, "unknown action '\(id)'", at: span,
                       hint: Suggestions.hint(for: id, in: actions.keys) ?? "add it to the action catalog")
            }
            switch effect {
            case .derive(let fact, let span, let value, let fields):
                if let derivation = checkDerive(fact, span: span, value: value, fields: fields, &checker) {
                    effects.append(.derive(derivation))
                }
            case .recommend(let name, let span, let priority, let reason):
                guard let action = checkActionName(name, span: span, actions: actions, &checker) else { continue }
                effects.append(.recommend(Recommendation(action: action, priority: priority ?? syntax.priority,
                                                         reason: reason.map { checkTemplate($0, &checker) }, span: span)))
            case .suppress(let action, let span, let reason):
                effects.append(.suppress(Suppression(action: action, reason: checkTemplate(reason, &checker), span: span)))
            case .alert(let level, let span, let message, let action):
                effects.append(.alert(Alert(level: level, message: checkTemplate(message, &checker), action: action?.0, span: span)))
            }
        }
        diagnostics += checker.diagnostics
        return Rule(id: syntax.id, title: syntax.title, condition: condition, actions: effects, salience: syntax.salience,
                    rationale: syntax.rationale, evidence: syntax.evidence, tags: syntax.tags, author: syntax.author,
                    enabled: syntax.enabled, span: syntax.span)
    }

    // MARK: Conditions

    /// Flattens the top-level conjunction into elements, so patterns can bind variables.
    private mutating func checkCondition(_ syntax: ConditionSyntax, _ checker: inout TypeChecker) -> Condition {
        var elements: [Condition.Element] = []
        func add(_ syntax: ConditionSyntax, _ builder: inout RuleSetBuilder) {
            switch syntax {
            case .all(let items):
                for item in items { add(item, &builder) }
            case .expression(let source):
                guard let expr = builder.parse(source) else { return }
                for conjunct in Self.conjuncts(expr) {
                    if case .pattern(let pattern) = conjunct.kind {
                        if let bound = checker.checkPattern(pattern, range: conjunct.range, in: source) {
                            elements.append(.pattern(binding: bound.binding, name: pattern.binding ?? "_",
                                                     template: bound.template, filter: bound.filter))
                        }
                    } else {
                        elements.append(.test(builder.checkTest(conjunct, source, &checker)))
                    }
                }
            case .any, .not:
                if let test = builder.nestedCondition(syntax, &checker) { elements.append(.test(test)) }
            }
        }
        add(syntax, &self)
        return Condition(elements: elements)
    }

    /// A condition below the top level: `any`, `not` and nested `all` become one boolean test.
    private mutating func nestedCondition(_ syntax: ConditionSyntax, _ checker: inout TypeChecker) -> CheckedExpr? {
        switch syntax {
        case .expression(let source):
            return parse(source).map { checkTest($0, source, &checker) }
        case .all(let items), .any(let items):
            let terms = items.compactMap { nestedCondition($0, &checker) }
            guard terms.count == items.count else { return nil }
            if case .all = syntax {
                return checker.combine(.and(terms), text: terms.map { "(\($0.text))" }.joined(separator: " and "))
            }
            return checker.combine(.or(terms), text: terms.map { "(\($0.text))" }.joined(separator: " or "))
        case .not(let inner):
            return nestedCondition(inner, &checker).map { checker.combine(.not($0), text: "not (\($0.text))") }
        }
    }

    /// The terms of a top-level `a and b and c`.
    private static func conjuncts(_ expr: Expr) -> [Expr] {
        if case .binary(.and, let left, let right) = expr.kind { return conjuncts(left) + conjuncts(right) }
        return [expr]
    }

    private mutating func checkTest(_ expr: Expr, _ source: EmbeddedSource, _ checker: inout TypeChecker) -> CheckedExpr {
        checker.requireBool(checker.check(expr, in: source), range: expr.range)
    }

    private mutating func parse(_ source: EmbeddedSource) -> Expr? {
        do {
            return try Parser.parse(source.text, limits: limits)
        } catch {
            report(error.code, error.message, at: source.span(of: error.range), hint: error.hint)
            return nil
        }
    }

    // MARK: Effects

    private mutating func checkDerive(_ name: String, span: SourceSpan, value: EmbeddedSource?,
                                      fields: [(String, EmbeddedSource)], _ checker: inout TypeChecker) -> Derivation? {
        if let template = schema.templates[name] {
            guard template.isDerived else {
                report(.notDerivable, "'\(name)' is an input fact; rules may only derive facts declared with 'derived: true'", at: span)
                return nil
            }
            if value != nil {
                report(.invalidValue, "'\(name)' has many instances; give its 'fields', not a 'value'", at: span)
            }
            var assigned: [String: CheckedExpr] = [:]
            for (field, source) in fields {
                guard let declaration = template.field(field) else {
                    report(.unknownField, "'\(name)' has no field '\(field)'", at: source.span(of: 0..<1),
                           hint: Suggestions.hint(for: field, in: template.fields.map(\.name)))
                    continue
                }
                if let expr = parse(source) {
                    assigned[field] = checkAssignment(expr, source, to: declaration, &checker)
                }
            }
            for field in template.fields where field.isRequired && fields.allSatisfy({ $0.0 != field.name }) {
                report(.missingKey, "deriving '\(name)' needs its required field '\(field.name)'", at: span)
            }
            return Derivation(fact: name, value: nil, fields: assigned, span: span)
        }
        guard let fact = schema.facts[name] else {
            let derivable = schema.facts.values.filter(\.isDerived).map(\.name) + schema.templates.values.filter(\.isDerived).map(\.name)
            report(.unknownName, "unknown derived fact '\(name)'", at: span,
                   hint: Suggestions.hint(for: name, in: derivable) ?? "declare it under 'facts:' with 'derived: true'")
            return nil
        }
        guard fact.isDerived else {
            report(.notDerivable, "'\(name)' is an input fact; rules may only derive facts declared with 'derived: true'", at: span,
                   hint: "declare a new fact with 'derived: true' for the conclusion")
            return nil
        }
        if !fields.isEmpty {
            report(.invalidValue, "'fields' is only for multi-instance facts; '\(name)' takes a 'value'", at: span)
        }
        guard let value else {
            if fact.type != .bool {
                report(.missingKey, "deriving '\(name)' (\(fact.type)) needs a 'value'", at: span,
                       hint: "only a bool fact can be derived without one (it becomes true)")
            }
            return Derivation(fact: name, value: nil, fields: [:], span: span)
        }
        guard let expr = parse(value) else { return nil }
        return Derivation(fact: name, value: checkAssignment(expr, value, to: fact, &checker), fields: [:], span: span)
    }

    /// Checks that `expr` may be stored in `fact`.
    private mutating func checkAssignment(_ expr: Expr, _ source: EmbeddedSource, to fact: FactDeclaration,
                                          _ checker: inout TypeChecker) -> CheckedExpr {
        let checked = checker.check(expr, in: source)
        let fits: Bool = switch (fact.type, checked.type) {
        case (.error, _), (_, .error): true
        case (.number, let type): type.isNumeric
        case (.enumeration(let values), .string):
            // Only a literal can be checked against the allowed values; other text cannot be stored.
            if case .constant(.string(let literal)) = checked.kind { values.contains(literal) } else { false }
        case (.enumeration(let values), .enumeration(let given)): Set(given).isSubset(of: values)
        case (.string, .enumeration): true
        case (let expected, let type): expected == type
        }
        if !fits {
            checker.report(.typeMismatch, "'\(fact.name)' is \(fact.type) but '\(checked.text)' is \(checked.type)", at: expr.range,
                           hint: fact.type.enumValues.map { "allowed: \($0.joined(separator: ", "))" })
        }
        return checked
    }

    /// A literal action id (already checked against the catalog), or `{expression}` whose type
    /// must be an enum of catalog action ids.
    private mutating func checkActionName(_ name: ActionName, span: SourceSpan, actions: [String: CatalogAction]?,
                                          _ checker: inout TypeChecker) -> ActionReference? {
        let source: EmbeddedSource
        switch name {
        case .id(let id): return .id(id)
        case .expression(let expression): source = expression
        }
        let template = checkTemplate(source, &checker)
        guard template.parts.count == 1, case .value(let expr) = template.parts[0] else {
            report(.invalidPlaceholder, "a computed action is one placeholder such as {c.action}", at: span)
            return nil
        }
        guard let values = expr.type.enumValues, case .enumeration = expr.type else {
            if expr.type != .error {
                report(.typeMismatch, "a computed action must be an enum of action ids; '\(expr.text)' is \(expr.type)", at: span,
                       hint: "declare the field as 'type: enum' with the catalog's action ids as values")
            }
            return nil
        }
        for value in values where actions.map({ $0[value] == nil }) ?? false {
            report(.unknownAction, "unknown action '\(value)' (a value of '\(expr.text)')", at: span,
                   hint: Suggestions.hint(for: value, in: actions!.keys) ?? "add it to the action catalog")
        }
        return .value(expr)
    }

    /// Parses `{expression}` placeholders in a reason or message and checks each.
    private mutating func checkTemplate(_ source: EmbeddedSource, _ checker: inout TypeChecker) -> ReasonTemplate {
        let scalars = Array(source.text.unicodeScalars)
        var parts: [ReasonTemplate.Part] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "{" else {
                literal.append(scalars[index])
                index += 1
                continue
            }
            guard let close = scalars[index...].firstIndex(of: "}") else {
                report(.invalidPlaceholder, "'{' is not closed", at: source.span(of: index..<(index + 1)),
                       hint: "placeholders look like {stress}")
                break
            }
            let inner = (index + 1)..<close
            if !literal.isEmpty { parts.append(.text(String(literal))); literal = .init() }
            if inner.isEmpty || scalars[inner].allSatisfy({ $0 == " " }) {
                report(.invalidPlaceholder, "empty placeholder '{}'", at: source.span(of: index..<(close + 1)))
            } else {
                do {
                    // Parsed where it stands, so offsets stay those of the whole text.
                    let expr = try Parser.parse(String(scalars: scalars[inner]), offset: inner.lowerBound, limits: limits)
                    parts.append(.value(checker.check(expr, in: source)))
                } catch {
                    report(error.code, error.message, at: source.span(of: error.range), hint: error.hint)
                }
            }
            index = close + 1
        }
        if !literal.isEmpty { parts.append(.text(String(literal))) }
        return ReasonTemplate(parts: parts)
    }
}

extension EffectSyntax {
    /// The catalog action an effect names, with where it is named.
    var actionID: (String, SourceSpan)? {
        switch self {
        case .derive: nil
        case .recommend(.id(let action), let span, _, _), .suppress(let action, let span, _): (action, span)
        case .recommend(.expression, _, _, _): nil
        case .alert(_, _, _, let action): action
        }
    }
}
