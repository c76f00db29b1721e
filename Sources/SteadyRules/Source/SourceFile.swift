import Foundation

/// The text of one input file, kept so diagnostics can quote it.
///
/// ```swift
/// let file = SourceFile(path: "rules/stress.yaml", text: "ruleset: demo\n")
/// file.line(1) // "ruleset: demo"
/// ```
public struct SourceFile: Sendable, Hashable {
    /// The path as the user gave it (or as found under a folder they gave).
    public let path: String
    /// The decoded UTF-8 text, without a leading byte-order mark.
    public let text: String
    /// The file's lines, without their line terminators.
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
    }

    /// The text of 1-based line `number`, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}
