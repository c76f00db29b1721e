import Foundation
import SteadyRules

/// Conversions between LSP positions (0-based lines, UTF-16 offsets in the line) and Steady's
/// (1-based lines and columns counted in Unicode scalars), and the word under a position.
enum TextPosition {
    /// The LSP range of `span` in `file` (its text, for the UTF-16 offsets).
    static func range(_ span: SourceSpan, in file: SourceFile?) -> [String: Any] {
        let line = span.start.line - 1
        let text = file?.line(span.start.line).map(String.init) ?? ""
        let start = utf16Offset(ofColumn: span.start.column, in: text)
        let end = utf16Offset(ofColumn: span.start.column + span.length, in: text)
        return ["start": ["line": max(line, 0), "character": start], "end": ["line": max(line, 0), "character": max(end, start)]]
    }

    /// The UTF-16 offset of 1-based scalar `column` in `line` (past its end: the offset of the end).
    static func utf16Offset(ofColumn column: Int, in line: String) -> Int {
        var offset = 0
        for (index, scalar) in line.unicodeScalars.enumerated() where index < column - 1 { offset += scalar.utf16.count }
        return offset
    }

    /// The identifier-like word (letters, digits, `_`, `-`, and `.` between parts) at LSP
    /// position `character` of `line`, or nil.
    static func word(at character: Int, in line: String) -> String? {
        let scalars = Array(line.unicodeScalars)
        var utf16 = 0, index = 0
        while index < scalars.count, utf16 + scalars[index].utf16.count <= character { utf16 += scalars[index].utf16.count; index += 1 }
        func isWord(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-" || scalar == "."
        }
        var start = min(index, scalars.count), end = start
        while start > 0, isWord(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isWord(scalars[end]) { end += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<end])).trimmingCharacters(in: ["."])
        return word.isEmpty ? nil : word
    }
}
