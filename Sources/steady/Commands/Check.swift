import ArgumentParser
import Foundation
import SteadyRules

/// `steady check`: load rule sets and catalogs and report every problem.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rule files and action catalogs for errors.",
        discussion: """
            Loads every YAML file under the given paths (files or folders) as one rule set and \
            its action catalog, and reports every problem at once with file:line:column, a \
            stable code (see docs/diagnostics.md) and a hint.

            Examples:
              steady check rules/cervical-dystonia plans
              steady check clinic/extra.yaml --format json

            Exits 0 when there are no errors (warnings allowed), 1 when there are errors, \
            2 when a path does not exist.
            """
    )

    @Argument(help: ArgumentHelp("Rule files, catalogs, or folders holding them.", valueName: "path"))
    var paths: [String]

    @Option(help: "Output format: text for people, json for programs.")
    var format: OutputFormat = .text

    @Option(help: "Show at most this many diagnostics as text (json always has all).")
    var maxDiagnostics = 100

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one rule file, catalog or folder to check") }
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
    }

    func run() throws {
        let result = RuleLoader().load(paths: paths)
        switch format {
        case .json:
            print(try CheckReport(result).json())
        case .text:
            print(DiagnosticRenderer(files: result.files).render(result.diagnostics, limit: maxDiagnostics)
                  + Self.summary(result), terminator: "")
        }
        if result.diagnostics.hasErrors { throw ExitStatus.problems.code }
    }

    static func summary(_ result: RuleLoader.Result) -> String {
        var loaded: [String] = []
        if let rules = result.ruleSet {
            loaded.append("rule set '\(rules.name)' \(rules.version): \(rules.rules.count) rules, \(rules.schema.facts.count + rules.schema.templates.count) facts")
        }
        if let catalog = result.catalog {
            loaded.append("catalog '\(catalog.name)' \(catalog.version): \(catalog.actions.count) actions")
        }
        if let policy = result.policy {
            loaded.append("policy '\(policy.name)' \(policy.version)")
        }
        let files = "\(result.files.count) file\(result.files.count == 1 ? "" : "s")"
        let header = loaded.isEmpty ? "checked \(files)" : "checked \(files): " + loaded.joined(separator: "; ")
        return header + "\n" + DiagnosticRenderer.summary(result.diagnostics)
    }
}

/// The JSON form of `steady check`'s output.
struct CheckReport: Encodable {
    struct Entry: Encodable {
        let code: String
        let name: String
        let severity: String
        let message: String
        let file: String?
        let line: Int?
        let column: Int?
        let length: Int?
        let hint: String?
        let notes: [Note]
    }

    struct Note: Encodable {
        let message: String
        let file: String?
        let line: Int?
        let column: Int?
    }

    let files: [String]
    let ruleset: String?
    let version: String?
    let rules: Int?
    let catalog: String?
    let actions: Int?
    let errors: Int
    let warnings: Int
    let diagnostics: [Entry]

    init(_ result: RuleLoader.Result) {
        files = result.files.map(\.path)
        ruleset = result.ruleSet?.name
        version = result.ruleSet?.version
        rules = result.ruleSet?.rules.count
        catalog = result.catalog?.name
        actions = result.catalog?.actions.count
        errors = result.diagnostics.filter { $0.severity == .error }.count
        warnings = result.diagnostics.filter { $0.severity == .warning }.count
        diagnostics = result.diagnostics.map { d in
            Entry(code: d.code.rawValue, name: d.code.name, severity: d.severity.rawValue, message: d.message,
                  file: d.span?.file, line: d.span?.start.line, column: d.span?.start.column, length: d.span?.length,
                  hint: d.hint,
                  notes: d.notes.map { Note(message: $0.message, file: $0.span?.file, line: $0.span?.start.line,
                                            column: $0.span?.start.column) })
        }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
