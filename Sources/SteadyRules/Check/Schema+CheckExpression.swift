extension Schema {
    /// Parses and type-checks one expression on its own against these facts, as `steady eval`
    /// does: the typed expression, or nil and the diagnostics that say why not. The expression
    /// is its own file, named `name`, so a diagnostic renders with a caret under its text.
    /// `actions` (the catalog's ids) checks `suggested("id", 3d)` and `done(…)`.
    ///
    /// ```swift
    /// let (expr, diagnostics, _) = ruleSet.schema.check(expression: "stress >= 7")
    /// ```
    public func check(expression text: String, actions: Set<String>? = nil, name: String = "expression",
                      limits: Limits = .default) -> (expr: CheckedExpr?, diagnostics: [Diagnostic], file: SourceFile) {
        let file = SourceFile(path: name, text: text)
        let source = EmbeddedSource(file: file, mark: SourceLocation(line: 1, column: 1), style: .plain, text: text)
        let parsed: Expr
        do {
            parsed = try Parser.parse(text, limits: limits)
        } catch {
            return (nil, [Diagnostic(error.code, error.message, at: source.span(of: error.range), hint: error.hint)], file)
        }
        var checker = TypeChecker(schema: self)
        checker.actionIDs = actions
        let checked = checker.check(parsed, in: source)
        return (checker.diagnostics.hasErrors ? nil : checked, checker.diagnostics, file)
    }
}
