// Stage 2: the fact schema, merged over the layers.
extension RuleSetBuilder {
    mutating func buildSchema(_ layers: [[FileSyntax]]) {
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

    /// True when `fact` declares exactly what the schema already has under its name.
    static func sameDeclaration(_ fact: FactSyntax, schema: Schema) -> Bool {
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
}
