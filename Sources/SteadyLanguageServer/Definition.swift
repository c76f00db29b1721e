import SteadyRules

/// Where a name is defined, across layers: a fact's, group's or multi-instance fact's
/// declaration, a parameter's value in effect, a rule, a catalog action.
enum Definition {
    static func span(of word: String, ruleSet: RuleSet?, catalog: ActionCatalog?) -> SourceSpan? {
        if let schema = ruleSet?.schema {
            if let fact = schema.facts[word] { return fact.span }
            if let template = schema.templates[word] { return template.span }
            if let first = schema.records[word]?.first, let field = schema.facts["\(word).\(first)"] { return field.span }
            if word.hasPrefix("params."), let span = schema.paramSpans[String(word.dropFirst(7))] { return span }
        }
        if let rule = ruleSet?.rule(word) { return rule.span }
        return catalog?.action(word)?.span
    }
}
