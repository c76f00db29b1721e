// Layering: imports (rule files and catalogs); params, disable and override of rules.
extension FileDecoder {
    static let overrideKeys = ["priority", "salience"]

    /// `imports:`, the files or folders this layer builds on.
    mutating func decodeImports(_ fields: NodeReader.Fields, into syntax: inout FileSyntax) {
        if let imports = fields["imports"], let items = reader.sequence(imports.value, "imports") {
            syntax.imports = items.compactMap { item in reader.string(item, "an import").map { ($0, reader.span(item)) } }
        }
    }

    /// A rule file's `params:`, `disable:` and `override:`.
    mutating func decodeLayering(_ fields: NodeReader.Fields, into syntax: inout FileSyntax) {
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
                guard let changes = reader.mapping(pair.value, in: "the override of '\(pair.key)'", allowed: Self.overrideKeys) else { continue }
                let priority = changes["priority"].flatMap { reader.integer($0.value, "priority", in: 0...100) }
                let salience = changes["salience"].flatMap { reader.integer($0.value, "salience", in: -10_000...10_000) }
                syntax.overrides.append(RuleOverride(rule: pair.key, salience: salience, priority: priority, span: reader.span(key: pair)))
            }
        }
    }
}
