import Foundation

/// The report of a load, as `steady check` gives it: JSON for programs, a summary for people.
public struct CheckReport: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public let code: String
        public let name: String
        public let severity: String
        public let message: String
        public let file: String?
        public let line: Int?
        public let column: Int?
        public let length: Int?
        public let hint: String?
        public let notes: [Note]
    }

    public struct Note: Encodable, Sendable {
        public let message: String
        public let file: String?
        public let line: Int?
        public let column: Int?
    }

    public let files: [String]
    public let ruleset: String?
    public let version: String?
    public let rules: Int?
    public let catalog: String?
    public let actions: Int?
    public let errors: Int
    public let warnings: Int
    public let diagnostics: [Entry]

    public init(_ result: RuleLoader.Result) {
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

    /// Pretty JSON with sorted keys (`steady check --format json`).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// What was loaded and how many problems were found, for people (the last lines of
    /// `steady check`).
    public static func summary(_ result: RuleLoader.Result) -> String {
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
