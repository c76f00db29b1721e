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
    /// The UTF-8 offset at which each line starts.
    private let lineStarts: [Int]

    public init(path: String, text: String) {
        self.path = path
        var text = text
        // Scan the bytes: a Character split would neither be fast nor see "\r\n" (one
        // Character) as a line end.
        lineStarts = text.withUTF8 { bytes in
            [0] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
        }
        self.text = text
    }

    /// How many lines the file has (a final line break ends an empty last line).
    public var lineCount: Int { lineStarts.count }

    /// The text of 1-based line `number` without its line end, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        var end = number < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number] - 1) : utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
        return text[start..<end]
    }
}
