/// What to do about a YAML syntax error, judged from the line it points at: the parser's
/// message names a symptom ("did not find expected key"), and the same symptom has different
/// causes — a value that needed quotes, or a line indented the wrong way.
enum YAMLHints {
    /// The hint for libyaml's `problem` at `line`/`column` (1-based) of `file`.
    static func hint(_ problem: String, line: Int, column: Int, in file: SourceFile) -> String? {
        let structural = problem.contains("expected key") || problem.contains("expected '-' indicator")
            || problem.contains("mapping values are not allowed")
        if structural, let text = file.line(line).map(String.init) {
            if let quoting = quotingHint(text) { return quoting }
            if let indentation = indentationHint(problem, line: line, text: text, in: file) { return indentation }
        }
        return generic(problem)
    }

    /// A `key: value` line whose value starts like YAML syntax (a quote, `{`, `[`) but goes on
    /// after it, as an unquoted expression or reason does: `when: 'x' in triggers`,
    /// `message: {stress} is high`.
    static func quotingHint(_ text: String) -> String? {
        guard let (key, value) = keyAndValue(text), let first = value.first, let end = closingIndex(of: value) else { return nil }
        let rest = value[value.index(after: end)...].drop { $0 == " " }
        guard !rest.isEmpty, !rest.hasPrefix("#") else { return nil }
        let whole = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        let what = first == "{" ? "a value that starts with '{' is read as a YAML mapping"
            : first == "[" ? "a value that starts with '[' is read as a YAML list"
            : "a value that starts with a quote ends at the closing quote"
        return "\(what), and '\(key):' goes on after it: quote the whole value, for example  \(key): \"\(whole)\""
    }

    /// A line indented differently from the mapping it should belong to.
    static func indentationHint(_ problem: String, line: Int, text: String, in file: SourceFile) -> String? {
        guard let (previous, previousText) = (1..<line).reversed().lazy.compactMap({ number -> (Int, String)? in
            guard let text = file.line(number), !text.allSatisfy({ $0 == " " }), !text.drop(while: { $0 == " " }).hasPrefix("#") else { return nil }
            return (number, String(text))
        }).first else { return nil }
        let indent = text.prefix { $0 == " " }.count
        // The column where the previous line's key starts (after a list dash).
        let previousIndent = previousText.prefix { $0 == " " }.count
        let keyColumn = previousIndent + (previousText.dropFirst(previousIndent).hasPrefix("- ") ? 2 : 0) + 1
        let previousKey = keyAndValue(previousText)?.key
        if problem.contains("mapping values are not allowed"), indent + 1 > keyColumn, let previousKey,
           keyAndValue(previousText).map({ !$0.value.isEmpty }) == true {
            return "this line starts at column \(indent + 1), right of '\(previousKey):' on line \(previous) (column \(keyColumn)): "
                + "keys of one mapping start in the same column"
        }
        if !problem.contains("mapping values are not allowed"), indent + 1 < keyColumn, let previousKey {
            return "this line starts at column \(indent + 1), left of '\(previousKey):' on line \(previous) (column \(keyColumn)): "
                + "indent it to column \(keyColumn) to keep it in the same mapping"
        }
        return nil
    }

    /// The hints that depend only on the parser's message.
    static func generic(_ problem: String) -> String? {
        switch problem {
        case let p where p.contains("cannot start any token"):
            "indent with spaces, not tabs; quote values that start with '@' or '`'"
        case let p where p.contains("mapping values are not allowed"):
            "quote a value that contains ': ' (for example an expression)"
        case let p where p.contains("end of stream"):
            "a quoted string is not closed"
        case let p where p.contains("expected '-' indicator") || p.contains("expected key"):
            "check the indentation of this line against the lines above"
        case let p where p.contains("another document"):
            "a file holds one YAML document; remove the extra '---'"
        default: nil
        }
    }

    /// `key` and the rest of a `key: value` line (after an optional list dash), value trimmed.
    private static func keyAndValue(_ text: String) -> (key: String, value: String)? {
        var rest = text.drop { $0 == " " }
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        guard let colon = rest.firstIndex(of: ":"), colon != rest.startIndex else { return nil }
        let key = rest[..<colon]
        guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let after = rest[rest.index(after: colon)...]
        guard after.isEmpty || after.hasPrefix(" ") else { return nil }
        return (String(key), String(after.drop { $0 == " " }).trimmingTrailingSpaces())
    }

    /// Where the quote, `{…}` or `[…]` that opens `value` closes; nil when it does not start with
    /// one or does not close.
    private static func closingIndex(of value: String) -> String.Index? {
        guard let first = value.first else { return nil }
        var index = value.index(after: value.startIndex)
        switch first {
        case "'", "\"":
            while index < value.endIndex {
                let character = value[index]
                if first == "\"", character == "\\" {
                    index = value.index(index, offsetBy: 2, limitedBy: value.endIndex) ?? value.endIndex
                    continue
                }
                if character == first {
                    let next = value.index(after: index)
                    // '' inside a single-quoted value is one quote.
                    if first == "'", next < value.endIndex, value[next] == "'" { index = value.index(after: next); continue }
                    return index
                }
                index = value.index(after: index)
            }
            return nil
        case "{", "[":
            let closing: Character = first == "{" ? "}" : "]"
            var depth = 1
            while index < value.endIndex {
                if value[index] == first { depth += 1 }
                if value[index] == closing { depth -= 1; if depth == 0 { return index } }
                index = value.index(after: index)
            }
            return nil
        default:
            return nil
        }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
