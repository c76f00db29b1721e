// Stage 7: the tests written in rule files name rules and actions that exist.
extension RuleSetBuilder {
    /// Every rule, action and derived fact a test names must exist.
    mutating func checkTests(_ tests: [RuleTest], rules: Set<String>, actions: [String: CatalogAction]?) {
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
}
