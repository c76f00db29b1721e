import Foundation
@testable import SteadyEngine
@testable import SteadyRules

/// Loads one rule file from text and compiles it; fails the test on any diagnostic.
func compile(_ yaml: String) throws -> CompiledRuleSet {
    let result = RuleLoader().load(sources: [("test.yaml", Data(yaml.utf8))])
    guard let ruleSet = result.ruleSet else {
        throw LoadFailure(messages: result.diagnostics.map { "\($0.span?.start.description ?? "-") \($0.code.rawValue) \($0.message)" })
    }
    return CompiledRuleSet(ruleSet)
}

struct LoadFailure: Error, CustomStringConvertible {
    let messages: [String]
    var description: String { messages.joined(separator: "\n") }
}

/// Runs `yaml`'s rules on `facts`.
func run(_ yaml: String, _ facts: FactBase) throws -> Run {
    try Session(compile(yaml), facts: facts).run()
}

extension Run {
    /// "rule-id" for each active firing, or "rule-id(binding=instance, ...)" with field values.
    var firedSummary: [String] {
        active.map { index in
            let firing = firings[index]
            guard !firing.matched.isEmpty else { return firing.rule }
            let bound = firing.matched.map { fact in
                "\(fact.binding)=" + fact.fields.keys.sorted().map { "\($0):\(fact.fields[$0]!)" }.joined(separator: ",")
            }
            return "\(firing.rule)(\(bound.joined(separator: " ")))"
        }
    }
}

/// A rule file header with a schema most engine tests share.
let schema = """
    ruleset: t
    version: 1
    facts:
      stress: {type: integer, min: 0, max: 10}
      pain: {type: integer, min: 0, max: 10}
      sleep_hours: {type: number, min: 0, max: 24}
      flag: {type: bool}
      triggers: {type: set, values: [deadline, caffeine, poor_sleep]}
      trigger:
        type: template
        fields: {name: {type: string, required: true}, intensity: {type: integer}}
      coping:
        type: template
        fields: {trigger: {type: string, required: true}, action: {type: string, required: true}}
      skill:
        type: template
        fields: {action: {type: string, required: true}, minutes: {type: integer}}
      high_stress: {type: bool, derived: true}
      overloaded: {type: bool, derived: true}
      needs_support: {type: bool, derived: true}
      calm: {type: bool, derived: true}
      level: {type: integer, derived: true}
      counter:
        type: template
        derived: true
        fields: {n: {type: integer}}
      plan_item:
        type: template
        derived: true
        fields: {action: {type: string}}

    """
