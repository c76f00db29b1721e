/// Decodes one file's ``YAMLNode`` tree into ``FileSyntax``: the shape is checked (keys, kinds,
/// scalar types, ids) and every problem is reported; expressions are kept as text.
struct FileDecoder {
    var reader: NodeReader
    let limits: Limits
    /// How many cores may decode a long list of rules.
    let jobs: Int

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
    static let catalogKeys = ["catalog", "version", "description", "imports", "override", "actions"]
    static let policyKeys = ["policy", "version", "description", "time_budget_minutes", "max_items", "slot_order", "budget_fact",
                             "budget_exempt", "safety_card_levels", "limits"]

    mutating func decodeFile(_ root: YAMLNode) -> FileSyntax? {
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
            syntax.policy = decodePolicy(fields, name: name, version: version)
            return syntax.policy == nil ? nil : syntax
        }
        if let facts = fields["facts"] { syntax.facts = decodeFacts(facts.value) }
        decodeImports(fields, into: &syntax)
        if kind == .rules { decodeLayering(fields, into: &syntax) } else { decodeActionOverrides(fields, into: &syntax) }
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
    mutating func decodeEach<T: Sendable>(_ items: [YAMLNode], _ decode: @Sendable (inout FileDecoder, YAMLNode) -> T?) -> [T] {
        let (file, limits) = (reader.file, limits)
        let decoded = parallelMap(count: items.count, jobs: stageJobs(items.count, upTo: jobs)) { index in
            var decoder = FileDecoder(file: file, limits: limits, jobs: 1)
            return (decode(&decoder, items[index]), decoder.reader.diagnostics)
        }
        for (_, diagnostics) in decoded { reader.append(diagnostics) }
        return decoded.compactMap(\.0)
    }

    mutating func enumValue<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ type: T.Type, _ what: String) -> T?
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
