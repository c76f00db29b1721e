import Foundation
@testable import SteadyRules

/// Paths inside the repository, found from this file's location.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = root.appendingPathComponent("Tests/SteadyRulesTests/Corpus")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// Loads in-memory YAML texts (name → text) the way the CLI loads files.
func load(_ files: [String: String], limits: Limits = .default) -> RuleLoader.Result {
    RuleLoader(limits: limits).load(sources: files.map { ($0.key, Data($0.value.utf8)) })
}

/// Loads one in-memory rule file.
func load(_ text: String, limits: Limits = .default) -> RuleLoader.Result {
    load(["test.yaml": text], limits: limits)
}

/// "SR0401 8:12" for each diagnostic, in order, for compact exact assertions.
func positions(_ result: RuleLoader.Result) -> [String] {
    result.diagnostics.map { "\($0.code.rawValue) \($0.span.map { "\($0.start)" } ?? "-")" }
}

/// A minimal rule file around a `when` expression, over a small schema.
func ruleFile(when: String, facts: String = "") -> String {
    """
    ruleset: t
    version: 1
    facts:
      stress: {type: integer, min: 0, max: 10}
      pain: {type: integer, min: 0, max: 10}
      sleep_hours: {type: number, min: 0, max: 24}
      context: {type: enum, values: [desk_office, remote]}
      triggers: {type: set, values: [caffeine, deadline]}
      last_injection: {type: date}
      trigger:
        type: template
        fields: {name: {type: string, required: true}, intensity: {type: integer}}
    \(facts)
    rules:
      - id: r
        title: R
        when: \(when)
        then: [{alert: clinician, message: call}]
    """
}
