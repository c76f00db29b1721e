/// Where an expression string sits inside a YAML file, so an offset in the expression maps back
/// to the file's line and column.
///
/// libyaml marks a quoted scalar at its opening quote and a block scalar at its `|`/`>`
/// indicator; escapes (`\"`, `''`) and line folding make the value differ from the raw text.
/// ``location(ofOffset:)`` aligns the value with the raw text to undo all of that.
public struct EmbeddedSource: Sendable, Hashable {
    /// How the scalar was written in YAML.
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The file the scalar is in.
    public let file: SourceFile
    /// The scalar's mark (first character, opening quote, or block indicator).
    public let mark: SourceLocation
    public let style: Style
    /// The scalar's value: the expression text.
    public let text: String

    public init(file: SourceFile, mark: SourceLocation, style: Style, text: String) {
        self.file = file
        self.mark = mark
        self.style = style
        self.text = text
    }

    /// The file location of the Unicode-scalar `offset` into ``text`` (the end of the text maps
    /// just past its last character).
    public func location(ofOffset offset: Int) -> SourceLocation {
        var raw = RawCursor(file: file, start: contentStart())
        let value = Array(text.unicodeScalars)
        var index = 0
        while index < min(offset, value.count) {
            raw.consume(matching: value[index], style: style)
            index += 1
        }
        raw.skipLayout(before: index < value.count ? value[index] : nil, style: style)
        return raw.location
    }

    /// The first raw position of the value: after the quote, or on the line after a block indicator.
    private func contentStart() -> SourceLocation {
        switch style {
        case .plain: return mark
        case .singleQuoted, .doubleQuoted: return SourceLocation(line: mark.line, column: mark.column + 1)
        case .literal, .folded:
            let next = mark.line + 1
            let indent = file.line(next)?.unicodeScalars.prefix(while: { $0 == " " }).count ?? 0
            return SourceLocation(line: next, column: indent + 1)
        }
    }
}

/// Walks the raw characters of a file, one Unicode scalar at a time, across lines.
private struct RawCursor {
    let file: SourceFile
    var line: Int
    var column: Int
    var scalars: [Unicode.Scalar]

    init(file: SourceFile, start: SourceLocation) {
        self.file = file
        self.line = start.line
        self.column = start.column
        self.scalars = Self.scalars(of: file, line: start.line)
    }

    var location: SourceLocation { SourceLocation(line: line, column: column) }

    static func scalars(of file: SourceFile, line: Int) -> [Unicode.Scalar] {
        file.line(line).map { Array($0.unicodeScalars) } ?? []
    }

    /// The scalar at the cursor; a line end reads as "\n".
    var current: Unicode.Scalar? {
        if column - 1 < scalars.count { return scalars[column - 1] }
        return line < file.lineCount ? "\n" : nil
    }

    func peek(_ ahead: Int) -> Unicode.Scalar? {
        let index = column - 1 + ahead
        return index < scalars.count ? scalars[index] : nil
    }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count {
            if column - 1 < scalars.count {
                column += 1
            } else if line < file.lineCount {
                line += 1
                column = 1
                scalars = Self.scalars(of: file, line: line)
            }
        }
    }

    /// Skips raw text that has no counterpart in the value (folded line breaks, indentation,
    /// escaped line breaks) when the next value scalar does not match it.
    mutating func skipLayout(before next: Unicode.Scalar?, style: EmbeddedSource.Style) {
        var budget = 256
        while budget > 0, let raw = current, raw != next, raw == " " || raw == "\t" || raw == "\n"
            || (style == .doubleQuoted && raw == "\\" && peek(1) == nil)
        {
            advance()
            budget -= 1
        }
    }

    /// Moves past the raw text that produced the value scalar `scalar`.
    mutating func consume(matching scalar: Unicode.Scalar, style: EmbeddedSource.Style) {
        skipLayout(before: scalar, style: style)
        guard let raw = current else { return }
        if style == .doubleQuoted, raw == "\\" {
            advance(Self.escapeLength(peek(1)))
        } else if style == .singleQuoted, raw == "'", peek(1) == "'" {
            advance(2)
        } else {
            advance()
        }
    }

    /// Raw length of a double-quoted escape whose letter is `letter`.
    static func escapeLength(_ letter: Unicode.Scalar?) -> Int {
        switch letter {
        case "x": return 4
        case "u": return 6
        case "U": return 10
        default: return 2
        }
    }
}

extension EmbeddedSource {
    /// The file span of a range of Unicode-scalar offsets into ``text``.
    public func span(of range: Range<Int>) -> SourceSpan {
        let start = location(ofOffset: range.lowerBound)
        let end = location(ofOffset: range.upperBound)
        let length = end.line == start.line ? end.column - start.column : range.count
        return SourceSpan(file: file.path, start: start, length: length)
    }
}
