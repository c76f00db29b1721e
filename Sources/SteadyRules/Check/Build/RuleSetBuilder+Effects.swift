// Stage 6: each rule's effects: derivations, action names, reason templates.
extension RuleSetBuilder {
    mutating func checkDerive(_ name: String, span: SourceSpan, value: EmbeddedSource?,
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
    mutating func checkAssignment(_ expr: Expr, _ source: EmbeddedSource, to fact: FactDeclaration,
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
    mutating func checkActionName(_ name: ActionName, span: SourceSpan, actions: [String: CatalogAction]?,
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
    mutating func checkTemplate(_ source: EmbeddedSource, _ checker: inout TypeChecker) -> ReasonTemplate {
        let scalars = Array(source.text.unicodeScalars)
        var parts: [ReasonTemplate.Part] = []
        for piece in PlaceholderScanner.scan(scalars) {
            switch piece {
            case .text(let text):
                parts.append(.text(text))
            case .unclosed(let offset):
                report(.invalidPlaceholder, "'{' is not closed", at: source.span(of: offset..<(offset + 1)),
                       hint: "placeholders look like {stress}")
            case .empty(let range):
                report(.invalidPlaceholder, "empty placeholder '{}'", at: source.span(of: range))
            case .placeholder(let inner):
                do {
                    // Parsed where it stands, so offsets stay those of the whole text.
                    let expr = try Parser.parse(String(scalars: scalars[inner]), offset: inner.lowerBound, limits: limits)
                    parts.append(.value(checker.check(expr, in: source)))
                } catch {
                    report(error.code, error.message, at: source.span(of: error.range), hint: error.hint)
                }
            }
        }
        return ReasonTemplate(parts: parts)
    }
}

extension EffectSyntax {
    /// The catalog action an effect names, with where it is named.
    var actionID: (String, SourceSpan)? {
        switch self {
        case .derive: nil
        case .recommend(.id(let action), let span, _, _), .suppress(.id(let action), let span, _): (action, span)
        case .recommend(.expression, _, _, _), .suppress(.expression, _, _): nil
        case .alert(_, _, _, let action): action
        }
    }
}
