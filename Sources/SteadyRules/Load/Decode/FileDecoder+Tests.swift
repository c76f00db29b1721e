// Rule-file tests: a state, an optional history and what to expect.
extension FileDecoder {
    static let testKeys = ["name", "state", "history", "expect"]
    static let expectKeys = ["actions", "absent", "recommended", "alerts", "derived", "fired", "not_fired", "order"]

    mutating func decodeTest(_ node: YAMLNode) -> RuleTest? {
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
}
