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
        // Split on the bytes: a Character split would neither be fast nor see "\r\n" (one
        // Character) as a line end.
        var lines: [Substring] = []
        var start = text.utf8.startIndex
        for index in text.utf8.indices where text.utf8[index] == UInt8(ascii: "\n") {
            lines.append(Self.line(text, start, index))
            start = text.utf8.index(after: index)
        }
        lines.append(Self.line(text, start, text.utf8.endIndex))
        self.lines = lines
    }

    /// The text from `start` up to `end`, without a final carriage return.
    private static func line(_ text: String, _ start: String.Index, _ end: String.Index) -> Substring {
        var end = end
        if end > start, text.utf8[text.utf8.index(before: end)] == UInt8(ascii: "\r") { end = text.utf8.index(before: end) }
        return text[start..<end]
    }

    /// The text of 1-based line `number`, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}
