import Foundation

/// Renders diagnostics as text in the style of the Swift compiler:
///
/// ```text
/// rules/stress.yaml:12:15: error[SR0401]: unknown fact 'stres'
///    12 |     when: "stres >= 7"
///       |            ^~~~~
///       = hint: did you mean 'stress'?
/// ```
public struct DiagnosticRenderer: Sendable {
    /// The files diagnostics may point into, by path, for the source excerpts.
    public let files: [String: SourceFile]

    public init(files: [SourceFile]) {
        self.files = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// How many diagnostics ``render(_:limit:)`` shows unless told otherwise.
    public static let defaultLimit = 100

    /// The text of the first `limit` diagnostics, each followed by a blank line, and a line
    /// saying how many more there are when some were left out.
    public func render(_ diagnostics: [Diagnostic], limit: Int = DiagnosticRenderer.defaultLimit) -> String {
        let shown = diagnostics.prefix(max(0, limit))
        var out = shown.map { render($0) + "\n\n" }.joined()
        if diagnostics.count > shown.count {
            out += "... and \(diagnostics.count - shown.count) more (use --format json to see all)\n\n"
        }
        return out
    }

    /// One diagnostic with its excerpt, notes and hint.
    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = ["\(prefix(diagnostic.span))\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: \(diagnostic.message)"]
        lines += excerpt(diagnostic.span)
        for note in diagnostic.notes {
            lines.append("\(prefix(note.span))note: \(note.message)")
            lines += excerpt(note.span)
        }
        if let hint = diagnostic.hint {
            lines.append("      = hint: \(hint)")
        }
        return lines.joined(separator: "\n")
    }

    /// "2 errors, 1 warning" (or "no problems").
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if errors == 0 && warnings == 0 { return "no problems found\n" }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(plural(errors, "error")), \(plural(warnings, "warning"))\n"
    }

    private func prefix(_ span: SourceSpan?) -> String {
        guard let span else { return "steady: " }
        return "\(span.file):\(span.start.line):\(span.start.column): "
    }

    private func excerpt(_ span: SourceSpan?) -> [String] {
        guard let span, let file = files[span.file], let text = file.line(span.start.line) else { return [] }
        let number = String(span.start.line)
        let gutter = String(repeating: " ", count: max(5, number.count + 1))
        let padded = String(repeating: " ", count: gutter.count - number.count) + number
        // At most `width` characters of the line, cut around the column so the caret stays under
        // its text: a long line costs the same as a short one.
        let width = 200
        let skipped = max(0, span.start.column - 1 - width / 2)
        let window = text.unicodeScalars.dropFirst(skipped).prefix(width)
        let cut = (skipped > 0 ? "…" : "") + String(String.UnicodeScalarView(window)).replacingOccurrences(of: "\t", with: " ")
        let column = span.start.column - skipped + (skipped > 0 ? 1 : 0)
        let available = max(1, window.count - (span.start.column - 1 - skipped))
        let underline = "^" + String(repeating: "~", count: max(0, min(span.length, available) - 1))
        let indent = String(repeating: " ", count: max(0, column - 1))
        return ["\(padded) | \(cut)", "\(gutter) | \(indent)\(underline)"]
    }
}
