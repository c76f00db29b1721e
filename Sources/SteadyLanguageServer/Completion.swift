import SteadyRules

/// What to offer where the cursor is: after `recommend:`, `suppress:` or `action:`, the catalog's
/// action ids; inside quotes within an expression, enum values and action ids; after
/// `group.`, the group's fields; elsewhere, fact names and functions.
enum Completion {
    /// LSP `CompletionItemKind`s used here.
    enum Kind: Int {
        case function = 3, field = 5, variable = 6, value = 12, enumMember = 20
    }

    struct Item: Equatable {
        let label: String
        let kind: Kind
        let detail: String
    }

    /// `line` up to the cursor.
    static func items(before line: String, ruleSet: RuleSet?, catalog: ActionCatalog?) -> [Item] {
        let actions = (catalog?.actions ?? []).map { Item(label: $0.id, kind: .value, detail: $0.title) }
        let key = line.drop { $0 == " " || $0 == "-" }.prefix { $0 != ":" }
        if ["recommend", "suppress", "action"].contains(String(key)) && line.contains(":") { return actions }
        guard let schema = ruleSet?.schema else { return actions }
        // Inside a text literal of the expression: an odd number of single quotes after the key
        // (the YAML value's own double quote is not one of them).
        let value = line.drop { $0 != ":" }.dropFirst().drop { $0 == " " }
        if value.filter({ $0 == "'" }).count % 2 == 1 {
            let values = schema.facts.values.sorted { $0.name < $1.name }.flatMap { fact in
                (fact.type.enumValues ?? []).map { Item(label: $0, kind: .enumMember, detail: "a value of \(fact.name)") }
            }
            return values + actions
        }
        let word = line.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed()
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot])
            if let fields = schema.records[base] {
                return fields.map { Item(label: $0, kind: .field, detail: schema.facts["\(base).\($0)"].map { "\($0.type)" } ?? "") }
            }
            if base == "params" { return schema.params.keys.sorted().map { Item(label: $0, kind: .variable, detail: "\(schema.params[$0]!)") } }
            return []
        }
        let facts = schema.facts.values.filter { !$0.name.contains(".") }.map { Item(label: $0.name, kind: .variable, detail: "\($0.type)") }
            + schema.records.keys.map { Item(label: $0, kind: .variable, detail: "group") }
            + schema.templates.keys.map { Item(label: $0, kind: .variable, detail: "multi-instance fact") }
        return facts.sorted { $0.label < $1.label } + FunctionNames.all.map { Item(label: $0, kind: .function, detail: "function") }
    }
}
