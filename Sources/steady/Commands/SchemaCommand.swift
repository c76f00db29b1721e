import ArgumentParser
import Foundation
import SteadyRules

/// `steady schema`: JSON Schemas for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a JSON Schema (draft 2020-12) for rule files, catalogs, policies, patient states or histories.",
        discussion: """
            With the YAML language server, a first line such as
              # yaml-language-server: $schema=../../docs/schema/rules.schema.json
            gives completion and validation while you type. The state and history schemas are \
            made from a rule set's input facts (--rules, default rules/); a history file is a list \
            of earlier states, each with its date and the optional suggested and done action ids.

            Examples:
              steady schema rules > docs/schema/rules.schema.json
              steady schema state --rules rules/cervical-dystonia > docs/schema/state.schema.json
              steady schema history --rules rules/cervical-dystonia > docs/schema/history.schema.json
            """
    )

    @Argument(help: ArgumentHelp("rules, catalog, policy, state or history.", valueName: "kind"))
    var kind: EditorSchema.Kind

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set whose facts a state or history schema describes.", valueName: "path"))
    var rules: [String] = []

    func run() throws {
        var ruleSet: RuleSet?
        if kind == .state || kind == .history {
            let paths = rules.isEmpty ? ["rules"] : rules
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                throw ValidationError("no such file or folder: '\(path)'")
            }
            let loaded = RuleLoader().load(paths: paths)
            guard let loadedSet = loaded.ruleSet else {
                throw Failure.diagnostics(loaded.diagnostics, files: loaded.files)
            }
            ruleSet = loadedSet
        }
        print(try EditorSchema.json(kind, ruleSet: ruleSet), terminator: "")
    }
}

extension EditorSchema.Kind: ExpressibleByArgument {}
