import ArgumentParser
import Foundation
import SteadyRules

/// `steady graph`: draw how facts, rules and actions connect.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw which rules read and derive which facts, down to the actions they recommend.",
        discussion: """
            Input facts are blue ellipses, derived facts yellow, rules boxes, actions green. \
            A dashed edge reads a derived fact under not, in known() or as a value (the rule \
            waits until that fact is final); red edges suppress or alert.

            Examples:
              steady graph rules/cervical-dystonia plans --format dot | dot -Tsvg > rules.svg
              steady graph rules/cervical-dystonia --format mermaid
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }

    @Argument(help: ArgumentHelp("Rule files, catalogs, or folders (default: rules).", valueName: "path"))
    var paths: [String] = []

    @Option(help: "dot (Graphviz) or mermaid.")
    var format: Format = .dot

    var resolvedPaths: [String] { paths.isEmpty ? ["rules"] : paths }

    func validate() throws {
        for path in resolvedPaths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
    }

    func run() throws {
        let loaded = RuleLoader().load(paths: resolvedPaths)
        guard let ruleSet = loaded.ruleSet else {
            throw Failure.diagnostics(loaded.diagnostics, files: loaded.files)
        }
        let graph = RuleGraph(ruleSet)
        print(format == .dot ? graph.dot(title: ruleSet.name) : graph.mermaid(), terminator: "")
    }
}
