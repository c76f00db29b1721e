// Stage 5: every rule, its condition type-checked (on all cores for a large rule set).
extension RuleSetBuilder {
    mutating func buildRules(_ composed: [(FileSyntax, RuleSyntax)], actions: [String: CatalogAction]?) -> [Rule] {
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

    mutating func buildRule(_ syntax: RuleSyntax, actions: [String: CatalogAction]?, actionIDs: Set<String>?) -> Rule {
        var checker = TypeChecker(schema: schema)
        checker.actionIDs = actionIDs
        let condition = syntax.when.map { checkCondition($0, &checker) } ?? .always
        var effects: [RuleEffect] = []
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
            case .suppress(let name, let span, let reason):
                guard let action = checkActionName(name, span: span, actions: actions, &checker) else { continue }
                effects.append(.suppress(Suppression(action: action, reason: checkTemplate(reason, &checker), span: span)))
            case .alert(let level, let span, let message, let action):
                effects.append(.alert(Alert(level: level, message: checkTemplate(message, &checker), action: action?.0, span: span)))
            }
        }
        diagnostics += checker.diagnostics
        return Rule(id: syntax.id, title: syntax.title, condition: condition, effects: effects, salience: syntax.salience,
                    rationale: syntax.rationale, evidence: syntax.evidence, reviewed: syntax.reviewed, tags: syntax.tags, author: syntax.author,
                    enabled: syntax.enabled, span: syntax.span)
    }


    /// Flattens the top-level conjunction into elements, so patterns can bind variables.
    mutating func checkCondition(_ syntax: ConditionSyntax, _ checker: inout TypeChecker) -> Condition {
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
    mutating func nestedCondition(_ syntax: ConditionSyntax, _ checker: inout TypeChecker) -> CheckedExpr? {
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
    static func conjuncts(_ expr: Expr) -> [Expr] {
        if case .binary(.and, let left, let right) = expr.kind { return conjuncts(left) + conjuncts(right) }
        return [expr]
    }

    mutating func checkTest(_ expr: Expr, _ source: EmbeddedSource, _ checker: inout TypeChecker) -> CheckedExpr {
        checker.requireBool(checker.check(expr, in: source), range: expr.range)
    }

    mutating func parse(_ source: EmbeddedSource) -> Expr? {
        do {
            return try Parser.parse(source.text, limits: limits)
        } catch {
            report(error.code, error.message, at: source.span(of: error.range), hint: error.hint)
            return nil
        }
    }
}
