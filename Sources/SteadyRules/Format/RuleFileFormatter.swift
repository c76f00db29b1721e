import Foundation

/// `steady fmt`: rule files, catalogs and policies in one canonical layout — two spaces per
/// level, list items two spaces under their key, and the keys of every known mapping in the
/// order the reference lists them — keeping every comment (with the entry it precedes), blank
/// line and scalar exactly as written (quoting included).
///
/// It works on lines, not on a re-emitted tree, so nothing but layout and order can change;
/// and it checks itself: the formatted text must read back to the same YAML tree as the
/// original (values, styles, order of unknown keys), or the file is left alone with an error.
public enum RuleFileFormatter {
    public enum Failure: Error, Equatable {
        /// The file does not read as YAML; `steady check` says why.
        case unreadable
        /// Formatting would have changed what the file says (a layout the formatter does not
        /// understand); the file is left as it is.
        case unsafe
    }

    /// The canonical text of `text`, a rule file, catalog or policy.
    public static func format(_ text: String, path: String = "file.yaml") throws(Failure) -> String {
        let reader = YAMLReader()
        guard let before = reader.read(Data(text.utf8), path: path).root else { throw .unreadable }
        let formatted = layout(text, topKeys: before.mappingKeys)
        guard let after = reader.read(Data(formatted.utf8), path: path).root, after.sameContent(as: before) else { throw .unsafe }
        return formatted
    }

    /// The canonical layout of `text`, unchecked; `topKeys` tells the file's kind.
    static func layout(_ text: String, topKeys: [String]) -> String {
        var parser = LineParser(lines: text.components(separatedBy: "\n"))
        var blocks = parser.blocks(above: -1)
        // The comments that open the file stay at its top, whichever key comes first.
        var out = blocks.first?.leading ?? []
        if !blocks.isEmpty { blocks[0].leading = [] }
        emit(sorted(blocks, order: KeyOrder.top(keys: topKeys), path: []), indent: 0, into: &out)
        out += parser.trailing
        var formatted = out.joined(separator: "\n")
        if !formatted.hasSuffix("\n") { formatted += "\n" }
        while formatted.hasSuffix("\n\n") { formatted.removeLast() }
        return formatted
    }

    // MARK: - Emitting

    private static func emit(_ blocks: [Block], indent: Int, into out: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        for block in blocks {
            for line in block.leading { out.append(line.isEmpty ? "" : pad + line) }
            switch block.kind {
            case .entry(let header):
                out.append(pad + header)
                out += block.raw.map { $0.isEmpty ? "" : pad + "  " + $0 }
                emit(block.children, indent: indent + 2, into: &out)
            case .item(let header):
                guard let first = block.children.first, header == nil else {
                    out.append(pad + "- " + (header ?? ""))
                    out += block.raw.map { $0.isEmpty ? "" : pad + "  " + $0 }
                    emit(block.children, indent: indent + 2, into: &out)
                    continue
                }
                // "- " takes the place of the first entry's indentation.
                var lines: [String] = []
                emit([first], indent: indent + 2, into: &lines)
                let start = lines.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }!
                lines[start] = pad + "- " + lines[start].dropFirst(indent + 2)
                out += lines
                emit(Array(block.children.dropFirst()), indent: indent + 2, into: &out)
            }
        }
    }

    /// The blocks in canonical key order where `path` names a known mapping (recursively).
    private static func sorted(_ blocks: [Block], order: [String]?, path: [String]) -> [Block] {
        var result = blocks.map { block -> Block in
            var copy = block
            switch block.kind {
            case .entry:
                let key = block.key ?? ""
                copy.children = sorted(block.children, order: KeyOrder.children(of: path + [key]), path: path + [key])
            case .item:
                copy.children = sorted(block.children, order: KeyOrder.items(of: path), path: path + ["-"])
            }
            return copy
        }
        guard let order, result.allSatisfy({ $0.key != nil }) else { return result }
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        result = result.enumerated().sorted { a, b in
            (rank[a.element.key!] ?? order.count, a.offset) < (rank[b.element.key!] ?? order.count, b.offset)
        }.map(\.element)
        return result
    }
}

/// One entry of a block mapping (`key: value` with what is nested under it) or one item of a
/// block sequence, with the comments and blank lines before it.
struct Block {
    enum Kind {
        /// The entry's line, trimmed.
        case entry(String)
        /// An item: its text after `- ` when that is not a mapping (`- caffeine`, `- {id: a}`),
        /// or nil when the item is a mapping, whose entries are the children.
        case item(String?)
    }

    var leading: [String]
    var kind: Kind
    /// Lines that continue the header (a block scalar, a flow collection or quoted text over
    /// several lines), with their indentation relative to the header's children.
    var raw: [String] = []
    var children: [Block] = []

    /// The key of an entry.
    var key: String? {
        guard case .entry(let header) = kind else { return nil }
        return header.split(separator: ":", maxSplits: 1).first.map(String.init)
    }
}

/// Splits lines into blocks by indentation.
struct LineParser {
    let lines: [String]
    var index = 0
    /// Comments and blank lines after the last block.
    var trailing: [String] = []

    init(lines: [String]) { self.lines = lines }

    static func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
    static func isContent(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    /// The blocks whose lines are indented more than `parent` (with `itemsOnly`, only the list
    /// items: those of a list written at its key's own indentation).
    mutating func blocks(above parent: Int, itemsOnly: Bool = false) -> [Block] {
        var found: [Block] = []
        while true {
            var leading: [String] = []
            var look = index
            while look < lines.count, !Self.isContent(lines[look]) { leading.append(lines[look]); look += 1 }
            guard look < lines.count, Self.indent(lines[look]) > parent,
                  !itemsOnly || lines[look].dropFirst(Self.indent(lines[look])).hasPrefix("-") else {
                if parent < 0, !itemsOnly { trailing = leading; index = look }
                return found
            }
            index = look + 1
            let line = lines[look], indent = Self.indent(line)
            let trimmed = String(line.dropFirst(indent))
            let leadingTrimmed = leading.map { $0.trimmingCharacters(in: .whitespaces) }
            if trimmed == "-" || trimmed.hasPrefix("- ") {
                let rest = trimmed == "-" ? "" : String(trimmed.dropFirst(2).drop { $0 == " " })
                if Self.startsEntry(rest) {
                    // The item's mapping: its first entry on this line, the others under it.
                    let first = indent + (trimmed.count - rest.count)
                    var block = Block(leading: leadingTrimmed, kind: .item(nil))
                    var entry = Block(leading: [], kind: .entry(rest))
                    entry.raw = continuation(of: Self.value(of: rest), indent: first)
                    entry.children = blocks(above: first)
                    block.children = [entry] + blocks(above: first - 1)
                    found.append(block)
                } else {
                    var block = Block(leading: leadingTrimmed, kind: .item(rest.isEmpty ? "" : rest))
                    block.raw = continuation(of: rest, indent: indent)
                    block.children = blocks(above: indent)
                    if rest.isEmpty, !block.children.isEmpty { block.kind = .item(nil) }
                    found.append(block)
                }
            } else {
                var block = Block(leading: leadingTrimmed, kind: .entry(trimmed))
                block.raw = continuation(of: Self.value(of: trimmed), indent: indent)
                block.children = blocks(above: indent)
                if block.children.isEmpty, block.raw.isEmpty, Self.value(of: trimmed).isEmpty {
                    block.children = blocks(above: indent - 1, itemsOnly: true)
                }
                found.append(block)
            }
        }
    }

    /// `key:` or `key: value` with a plain key.
    static func startsEntry(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let key = text[..<colon]
        let after = text[text.index(after: colon)...]
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
            && (after.isEmpty || after.hasPrefix(" "))
    }

    /// The value of a `key: value` line (after the key's colon), trimmed.
    static func value(of entry: String) -> String {
        guard let colon = entry.firstIndex(of: ":") else { return "" }
        return entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// The lines that continue a header whose value is `value` and whose own indentation is
    /// `indent`: a block scalar's text, or the rest of a flow collection or quoted scalar left
    /// open; relative to the indentation of the header's children (`indent + 2`).
    mutating func continuation(of value: String, indent: Int) -> [String] {
        let withoutComment = Self.stripComment(value)
        var raw: [String] = []
        if let first = withoutComment.first, first == "|" || first == ">" {
            // Every following line more indented than the header, or blank, belongs to the scalar.
            var end = index
            var last = index
            while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces).isEmpty || Self.indent(lines[end]) > indent {
                if !lines[end].trimmingCharacters(in: .whitespaces).isEmpty { last = end + 1 }
                end += 1
            }
            raw = lines[index..<last].map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String($0.dropFirst(min(indent + 2, Self.indent($0)))) }
            index = last
            return raw
        }
        var depth = Self.openness(withoutComment)
        while depth > 0, index < lines.count {
            let line = lines[index]
            raw.append(line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String(line.dropFirst(min(indent + 2, Self.indent(line)))))
            depth += Self.openness(Self.stripComment(line))
            index += 1
        }
        return raw
    }

    /// Brackets opened minus closed outside quotes, plus one for an unclosed quote. A quote
    /// opens quoted text only where a value can start (after a space, `[`, `{` or `,`, or at
    /// the start): the apostrophe of "today's" does not.
    static func openness(_ text: String) -> Int {
        var depth = 0, quote: Character?
        var previous: Character = " "
        for character in text {
            if let open = quote {
                if character == open, !(open == "\"" && previous == "\\") { quote = nil }
            } else if character == "\"" || character == "'", " [{,".contains(previous) {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            }
            previous = character
        }
        return depth + (quote == nil ? 0 : 1)
    }

    /// `text` without a trailing ` # comment` outside quotes.
    static func stripComment(_ text: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in text.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'", " [{,".contains(previous) {
                quote = character
            } else if character == "#", previous == " " {
                return String(text.prefix(offset)).trimmingCharacters(in: .whitespaces)
            }
            previous = character
        }
        return text
    }
}

/// The canonical order of the keys of each known mapping: the order the reference documents.
/// Where the decoder lists its keys in that order, its list is the order; the others hold the
/// decoder's keys in another order (a test keeps them the same keys).
enum KeyOrder {
    static let ruleFile = FileDecoder.ruleFileKeys
    static let catalog = FileDecoder.catalogKeys
    static let policy = FileDecoder.policyKeys
    static let test = FileDecoder.testKeys
    static let rule = ["id", "title", "salience", "priority", "when", "then", "rationale", "evidence", "reviewed", "tags", "author", "enabled"]
    static let action = ["id", "title", "description", "category", "minutes", "rest_days", "slot", "group", "steps", "contraindications",
                         "evidence", "reviewed"]
    static let fact = ["type", "values", "required", "derived", "min", "max", "unit", "description", "labels", "not_future", "standing",
                       "max_age_days", "fields"]

    /// The order of the file's top-level keys, by its kind.
    static func top(keys: [String]) -> [String]? {
        if keys.contains("ruleset") || keys.contains("rules") || keys.contains("facts") { return ruleFile }
        if keys.contains("catalog") || keys.contains("actions") { return catalog }
        if keys.contains("policy") { return policy }
        return nil
    }

    /// The order of the entries of the mapping at `path` (keys from the top).
    static func children(of path: [String]) -> [String]? {
        // A fact declaration, or a field of a group or a multi-instance fact.
        if path.count == 2 && path[0] == "facts" || path.count == 4 && path[0] == "facts" && path[2] == "fields" { return fact }
        return nil
    }

    /// The order of the keys of each item of the sequence at `path`.
    static func items(of path: [String]) -> [String]? {
        switch path {
        case ["rules"]: rule
        case ["actions"]: action
        case ["tests"]: test
        default: nil
        }
    }
}

extension YAMLNode {
    /// The keys of a mapping (empty for anything else).
    var mappingKeys: [String] {
        if case .mapping(let pairs) = kind { return pairs.map(\.key) }
        return []
    }

    /// The same values, styles and structure, wherever they were written. Mappings whose keys
    /// the formatter may reorder compare as sets of pairs.
    func sameContent(as other: YAMLNode) -> Bool {
        switch (kind, other.kind) {
        case (.scalar(let a, let styleA), .scalar(let b, let styleB)):
            return a == b && styleA == styleB
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.sameContent(as: $1) }
        case (.mapping(let a), .mapping(let b)):
            guard a.count == b.count else { return false }
            let byKey = Dictionary(b.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            return a.allSatisfy { pair in byKey[pair.key].map { pair.value.sameContent(as: $0) } ?? false }
        default:
            return false
        }
    }
}
