import SteadyRules

/// What hovering over a name shows: a fact's type, range, unit and description; an action's
/// title, minutes, category and slot; a rule's title; a parameter's value.
enum Hover {
    static func markdown(for word: String, ruleSet: RuleSet?, catalog: ActionCatalog?) -> String? {
        if let ruleSet {
            let schema = ruleSet.schema
            if let fact = schema.facts[word] { return describe(fact) }
            if let template = schema.templates[word] {
                let fields = template.fields.map { "`\($0.name)` \($0.type)" }.joined(separator: ", ")
                return "**\(word)** · multi-instance fact\(template.isDerived ? " (derived)" : "")\n\n\(template.summary.map { $0 + "\n\n" } ?? "")fields: \(fields)"
            }
            if let fields = schema.records[word] {
                return "**\(word)** · group of facts: " + fields.map { "`\(word).\($0)`" }.joined(separator: ", ")
            }
            if word.hasPrefix("params."), let value = schema.params[String(word.dropFirst(7))] {
                return "**\(word)** = `\(value)` · parameter (a later layer may change it)"
            }
            if let rule = ruleSet.rule(word) { return "**\(rule.id)** · rule\n\n\(rule.title)" }
        }
        if let action = catalog?.action(word) {
            return "**\(action.id)** · action\n\n\(action.title)\n\n\(action.minutes) min · \(action.category.rawValue) · \(action.slot.rawValue) slot"
                + (action.contraindications.isEmpty ? "" : " · \(action.contraindications.count) contraindication(s)")
        }
        return nil
    }

    private static func describe(_ fact: FactDeclaration) -> String {
        var facts = ["\(fact.type)"]
        if let minimum = fact.minimum, let maximum = fact.maximum {
            facts.append("\(Value.readable(minimum))–\(Value.readable(maximum))\(fact.unit.map { " \($0)" } ?? "")")
        } else if let unit = fact.unit {
            facts.append(unit)
        }
        if fact.isRequired { facts.append("required") }
        if fact.isDerived { facts.append("derived by rules") }
        if fact.isStanding { facts.append("profile") }
        return "**\(fact.name)** · " + facts.joined(separator: " · ") + (fact.summary.map { "\n\n\($0)" } ?? "")
    }
}
