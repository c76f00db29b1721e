import Foundation

/// Reads typed values out of ``YAMLNode``s, reporting every mismatch with its position.
///
/// Scalars are typed strictly from their text and style: `7` is an integer, `"7"` a string,
/// `true`/`false` booleans; YAML 1.1 spellings such as `yes` or `0x10` are not accepted.
struct NodeReader {
    let file: SourceFile
    private(set) var diagnostics: [Diagnostic] = []

    init(file: SourceFile) {
        self.file = file
    }

    func span(_ node: YAMLNode, length: Int = 1) -> SourceSpan {
        SourceSpan(file: file.path, start: node.location, length: length)
    }

    func span(key pair: YAMLNode.Pair) -> SourceSpan {
        SourceSpan(file: file.path, start: pair.keyLocation, length: pair.key.unicodeScalars.count)
    }

    /// Adds what another reader of the same file reported.
    mutating func append(_ reported: [Diagnostic]) {
        diagnostics += reported
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, hint: String? = nil,
                         notes: [Diagnostic.Note] = [], severity: Severity = .error) {
        diagnostics.append(Diagnostic(code, message, at: span, severity: severity, hint: hint, notes: notes))
    }

    /// A mapping's allowed pairs, looked up by key. A scan, not a hash: these mappings hold a
    /// handful of keys, and Yams has already rejected duplicates.
    struct Fields {
        let pairs: [YAMLNode.Pair]

        subscript(key: String) -> YAMLNode.Pair? { pairs.first { $0.key == key } }
    }

    /// The pairs of a mapping by key. Unknown keys are reported (with a "did you mean"), as are
    /// missing required keys. Returns nil when `node` is not a mapping.
    mutating func mapping(_ node: YAMLNode, in what: @autoclosure () -> String, allowed: [String], required: [String] = []) -> Fields? {
        guard case .mapping(let pairs) = node.kind else {
            report(.wrongNodeKind, "\(what()) must be a mapping of keys to values; found \(node.kindName)", at: span(node))
            return nil
        }
        var known: [YAMLNode.Pair] = []
        known.reserveCapacity(pairs.count)
        for pair in pairs {
            guard allowed.contains(pair.key) else {
                report(.unknownKey, "unknown key '\(pair.key)' in \(what())", at: span(key: pair),
                       hint: Suggestions.hint(for: pair.key, in: allowed) ?? "allowed keys: \(allowed.joined(separator: ", "))")
                continue
            }
            known.append(pair)
        }
        for key in required where !pairs.contains(where: { $0.key == key }) {
            report(.missingKey, "\(what()) is missing '\(key)'", at: span(node), hint: "add '\(key):'")
        }
        return Fields(pairs: known)
    }

    /// The pairs of a mapping whose keys are free-form names (facts, parameters, rule ids), or
    /// nil after reporting that `node` is not a mapping.
    mutating func pairs(_ node: YAMLNode, _ what: String, hint: String? = nil) -> [YAMLNode.Pair]? {
        guard case .mapping(let pairs) = node.kind else {
            report(.wrongNodeKind, "\(what) must be a mapping; found \(node.kindName)", at: span(node), hint: hint)
            return nil
        }
        return pairs
    }

    /// A non-empty text scalar (any quoting style).
    mutating func string(_ node: YAMLNode, _ what: String) -> String? {
        guard case .scalar(let text, _) = node.kind, !node.isNull else {
            report(.wrongNodeKind, "\(what) must be text; found \(node.kindName)", at: span(node))
            return nil
        }
        // Empty unless something other than spaces and tabs (Foundation's `.whitespaces`).
        guard text.unicodeScalars.contains(where: { $0 != "\t" && $0.properties.generalCategory != .spaceSeparator }) else {
            report(.invalidValue, "\(what) is empty", at: span(node))
            return nil
        }
        return text
    }

    /// A plain decimal integer within `range`.
    mutating func integer(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let text, let style) = node.kind, style == .plain, let value = Int(text),
              text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") })
        else {
            report(.invalidValue, "\(what) must be a whole number; found \(describe(node))", at: span(node),
                   hint: node.isQuoted ? "remove the quotes" : nil)
            return nil
        }
        guard range.contains(value) else {
            report(.invalidValue, "\(what) must be between \(range.lowerBound) and \(range.upperBound); found \(value)",
                   at: span(node))
            return nil
        }
        return value
    }

    /// A plain decimal number.
    mutating func number(_ node: YAMLNode, _ what: String) -> Double? {
        guard case .scalar(let text, let style) = node.kind, style == .plain, let value = Double(text), value.isFinite,
              text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") })
        else {
            report(.invalidValue, "\(what) must be a number; found \(describe(node))", at: span(node),
                   hint: node.isQuoted ? "remove the quotes" : nil)
            return nil
        }
        return value
    }

    /// `true` or `false`, unquoted.
    mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard case .scalar(let text, .plain) = node.kind, text == "true" || text == "false" else {
            report(.invalidValue, "\(what) must be true or false; found \(describe(node))", at: span(node))
            return nil
        }
        return text == "true"
    }

    /// A list of text scalars; a single scalar is accepted as a list of one.
    mutating func strings(_ node: YAMLNode, _ what: String) -> [String]? {
        switch node.kind {
        case .scalar where !node.isNull:
            return string(node, what).map { [$0] }
        case .sequence(let items):
            let values = items.compactMap { string($0, "each entry of \(what)") }
            return values.count == items.count ? values : nil
        default:
            report(.wrongNodeKind, "\(what) must be a list of text; found \(node.kindName)", at: span(node))
            return nil
        }
    }

    /// The items of a list.
    mutating func sequence(_ node: YAMLNode, _ what: String) -> [YAMLNode]? {
        guard case .sequence(let items) = node.kind else {
            report(.wrongNodeKind, "\(what) must be a list; found \(node.kindName)", at: span(node),
                   hint: "start each entry on its own line with '- '")
            return nil
        }
        return items
    }

    /// A scalar holding an expression, with what is needed to map offsets back to the file.
    mutating func expression(_ node: YAMLNode, _ what: String) -> EmbeddedSource? {
        guard case .scalar(let text, let style) = node.kind, !node.isNull else {
            report(.wrongNodeKind, "\(what) must be an expression in a string; found \(node.kindName)", at: span(node),
                   hint: "for example: \"stress >= 7\"")
            return nil
        }
        return EmbeddedSource(file: file, mark: node.location, style: style, text: text)
    }

    /// A name matching `pattern` (a description such as "kebab-case") or nil after reporting.
    mutating func identifier(_ node: YAMLNode, _ what: String, style: IdentifierStyle) -> String? {
        guard let text = string(node, what) else { return nil }
        guard style.matches(text) else {
            report(.invalidIdentifier, "\(what) '\(text)' is not \(style.description)", at: span(node, length: text.unicodeScalars.count),
                   hint: style.suggestion(for: text).map { "write '\($0)'" })
            return nil
        }
        return text
    }

    private func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar(let text, let style) where !node.isNull:
            style == .plain ? "'\(text)'" : "the text \"\(text)\""
        default: node.kindName
        }
    }
}

extension YAMLNode {
    var isQuoted: Bool {
        if case .scalar(_, let style) = kind { return style == .singleQuoted || style == .doubleQuoted }
        return false
    }
}

/// The spelling rules for names.
enum IdentifierStyle: CustomStringConvertible {
    /// Rule ids: `high-stress-breathing`.
    case kebab
    /// Action ids and fact names: `breathing_diaphragmatic` (hyphens allowed for actions).
    case action
    /// Fact, field and binding names: `sleep_hours`.
    case fact

    var description: String {
        switch self {
        case .kebab: "kebab-case (lower-case words joined by '-')"
        case .action: "a lower-case id (letters, digits, '_' or '-')"
        case .fact: "a lower-case name (letters, digits and '_', not starting with a digit)"
        }
    }

    func matches(_ text: String) -> Bool {
        // Every allowed character is ASCII, so the bytes decide.
        func isLowerOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let (hyphen, underscore) = (UInt8(ascii: "-"), UInt8(ascii: "_"))
        guard let first = text.utf8.first,
              (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) || (self == .fact && first == underscore) else { return false }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            let allowed = switch self {
            case .kebab: isLowerOrDigit(byte) || (byte == hyphen && previous != hyphen)
            case .action: isLowerOrDigit(byte) || byte == hyphen || byte == underscore
            case .fact: isLowerOrDigit(byte) || byte == underscore
            }
            guard allowed else { return false }
            previous = byte
        }
        switch self {
        case .kebab: return previous != hyphen
        case .action: return true
        case .fact: return Token.Keyword(rawValue: text) == nil
        }
    }

    func suggestion(for text: String) -> String? {
        let lowered = text.lowercased()
        let candidate: String = switch self {
        case .kebab: lowered.replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        case .action, .fact: lowered.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
        }
        return candidate != text && matches(candidate) ? candidate : nil
    }
}
