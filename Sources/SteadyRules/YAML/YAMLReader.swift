import Foundation
import Yams

/// Reads untrusted bytes into a ``YAMLNode`` tree, guarding against what Yams (libyaml) does
/// not: oversized files, invalid UTF-8, control characters and line separators, anchors and
/// aliases (Yams has no alias limit, so a billion-laughs file would expand without bound),
/// explicit tags and excessive nesting (see the limits in `docs/security.md`). Each guard runs
/// before the work it protects.
public struct YAMLReader: Sendable {
    public let limits: Limits
    /// How many cores may compose one large file: a file of at least `splitFrom` bytes whose last
    /// top-level key holds a block list is composed in that many pieces at once (see
    /// ``ListSplitter``); the tree and every diagnostic are the same whatever `jobs` is.
    public let jobs: Int
    /// The size in bytes from which a file is composed in pieces.
    public let splitFrom: Int

    public init(limits: Limits = .default, jobs: Int = 1, splitFrom: Int = 64 * 1024) {
        self.limits = limits
        self.jobs = max(1, jobs)
        self.splitFrom = splitFrom
    }

    /// The outcome of reading one file: the decoded source (nil when not text) and the tree
    /// (nil on any error).
    public struct Result: Sendable {
        public let source: SourceFile?
        public let root: YAMLNode?
        public let diagnostics: [Diagnostic]
    }

    /// Reads `data` as the YAML file `path`.
    public func read(_ data: Data, path: String) -> Result {
        func failure(_ code: DiagnosticCode, _ message: String, at location: SourceLocation = .init(line: 1, column: 1),
                     source: SourceFile? = nil, hint: String? = nil) -> Result {
            Result(source: source, root: nil,
                   diagnostics: [Diagnostic(code, message, at: SourceSpan(file: path, start: location), hint: hint)])
        }
        if data.count > limits.maxFileBytes {
            return failure(.fileTooLarge, "file is \(data.count) bytes; the limit is \(limits.maxFileBytes)",
                           hint: "split it into several files in one folder")
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (offset, location) = Self.firstInvalidUTF8(bytes)
            return failure(.notUTF8, "file is not UTF-8 text (invalid byte at offset \(offset))", at: location,
                           hint: "rule files, catalogs and states are UTF-8 YAML")
        }
        let source = SourceFile(path: path, text: text)
        if let problem = Self.prescan(text) {
            return Result(source: source, root: nil,
                          diagnostics: [problem.diagnostic(path: path)])
        }
        if jobs > 1, text.utf8.count >= splitFrom, let cut = ListSplitter.cut(text, into: jobs),
           let root = composeInPieces(text, cut, path: path) {
            return Result(source: source, root: root, diagnostics: [])
        }
        let composed: Node?
        do {
            composed = try Self.compose(text)
        } catch {
            return Result(source: source, root: nil, diagnostics: [Self.diagnostic(for: error, in: source)])
        }
        guard let composed else {
            return failure(.emptyFile, "file is empty", source: source,
                           hint: "a rule file starts with 'ruleset:'; a catalog with 'catalog:'")
        }
        var diagnostics: [Diagnostic] = []
        let root = convert(composed, depth: 1, linesBefore: 0, path: path, diagnostics: &diagnostics)
        if text.utf8.count >= Self.freeElsewhereFrom { Self.freeElsewhere(composed) }
        return Result(source: source, root: diagnostics.isEmpty ? root : nil, diagnostics: diagnostics)
    }

    /// Composes and converts the pieces of `cut` on their own cores and joins their lists; nil
    /// when a piece fails to compose or convert cleanly, or the pieces do not join into the first
    /// piece's last list. The whole file is then composed as usual, which reports any error
    /// exactly as if it had never been cut.
    func composeInPieces(_ text: String, _ cut: ListSplitter.Cut, path: String) -> YAMLNode? {
        let pieces = cut.pieces
        let trees: [YAMLNode?] = parallelMap(count: pieces.count, jobs: jobs) { index in
            let piece = pieces[index]
            // Pieces start and end at line starts, so each is whole UTF-8.
            let pieceText = String(Substring(text.utf8[piece.start..<piece.end]))
            guard let composed = try? Self.compose(pieceText) else { return nil }
            var diagnostics: [Diagnostic] = []
            // The whole file's list sits at depth 2 under its root mapping.
            let node = convert(composed, depth: index == 0 ? 1 : 2, linesBefore: piece.linesBefore, path: path,
                               diagnostics: &diagnostics)
            if pieceText.utf8.count >= Self.freeElsewhereFrom { Self.freeElsewhere(composed) }
            return diagnostics.isEmpty ? node : nil
        }
        let column = cut.indent + 1
        guard let first = trees[0], case .mapping(var pairs) = first.kind, let last = pairs.last,
              case .sequence(var items) = last.value.kind, last.value.location.column == column else { return nil }
        for tree in trees.dropFirst() {
            guard let tree, case .sequence(let more) = tree.kind, tree.location.column == column else { return nil }
            items += more
        }
        pairs[pairs.count - 1] = YAMLNode.Pair(key: last.key, keyLocation: last.keyLocation,
                                               value: YAMLNode(.sequence(items), at: last.value.location))
        return YAMLNode(.mapping(pairs), at: first.location)
    }

    /// Yams' tree of `text`, every untagged scalar a string (the decoder types scalars itself).
    private static func compose(_ text: String) throws -> Node? {
        // The encoding is given, not `.default`: that one reads the whole process environment on
        // every call (a third of a small state file's read) and prints to stdout when
        // YAMS_DEFAULT_ENCODING is set.
        try Yams.compose(yaml: text, Resolver.basic, .default, .utf8)
    }

    /// From this many bytes a composed tree is freed on another thread; a state file or a small
    /// rule file is freed in place, cheaper than waking a thread.
    private static let freeElsewhereFrom = 64 * 1024

    /// Frees a composed tree on another thread: for a large file, freeing Yams' nodes (each
    /// with its own tag object) costs about a sixth of reading it, and nothing waits for it.
    /// Safe because the tree is no longer referenced here; nothing else ever held it.
    private static func freeElsewhere(_ node: Node) {
        let tree = Unshared(node)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(tree) {} }
    }

    /// Hands a value that nothing else references to another thread.
    private struct Unshared<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    // MARK: - Conversion

    /// `node` as a ``YAMLNode``; `linesBefore` shifts Yams' lines when `node` comes from a piece
    /// of the file.
    private func convert(_ node: Node, depth: Int, linesBefore: Int, path: String, diagnostics: inout [Diagnostic]) -> YAMLNode? {
        func location(_ mark: Mark) -> SourceLocation { SourceLocation(line: mark.line + linesBefore, column: mark.column) }
        let mark = node.mark.map(location) ?? SourceLocation(line: linesBefore + 1, column: 1)
        guard depth <= limits.maxNestingDepth else {
            diagnostics.append(Diagnostic(.nestingTooDeep, "nesting is deeper than \(limits.maxNestingDepth) levels",
                                          at: SourceSpan(file: path, start: mark),
                                          hint: "rule files need only a few levels; check the indentation"))
            return nil
        }
        switch node {
        case .scalar(let scalar):
            guard Self.allowedScalarTags.contains(scalar.tag.rawValue) else {
                diagnostics.append(Self.tagDiagnostic(scalar.tag.rawValue, path: path, at: mark))
                return nil
            }
            return YAMLNode(.scalar(scalar.string, Self.style(scalar.style)), at: mark)
        case .mapping(let mapping):
            guard Self.allowedCollectionTags.contains(mapping.tag.rawValue) else {
                diagnostics.append(Self.tagDiagnostic(mapping.tag.rawValue, path: path, at: mark))
                return nil
            }
            var pairs: [YAMLNode.Pair] = []
            for (key, value) in mapping {
                let keyMark = key.mark.map(location) ?? mark
                guard case .scalar(let keyScalar) = key else {
                    diagnostics.append(Diagnostic(.wrongNodeKind, "a mapping key must be a plain name",
                                                  at: SourceSpan(file: path, start: keyMark)))
                    continue
                }
                guard let child = convert(value, depth: depth + 1, linesBefore: linesBefore, path: path,
                                          diagnostics: &diagnostics) else { continue }
                pairs.append(.init(key: keyScalar.string, keyLocation: keyMark, value: child))
            }
            return YAMLNode(.mapping(pairs), at: mark)
        case .sequence(let sequence):
            guard Self.allowedCollectionTags.contains(sequence.tag.rawValue) else {
                diagnostics.append(Self.tagDiagnostic(sequence.tag.rawValue, path: path, at: mark))
                return nil
            }
            let items = sequence.compactMap {
                convert($0, depth: depth + 1, linesBefore: linesBefore, path: path, diagnostics: &diagnostics)
            }
            return YAMLNode(.sequence(items), at: mark)
        case .alias:
            // Unreachable after the anchor pre-scan; reported rather than trusted.
            diagnostics.append(Diagnostic(.anchorNotAllowed, "YAML aliases are not allowed", at: SourceSpan(file: path, start: mark)))
            return nil
        }
    }

    private static let allowedScalarTags = ["", "!", "tag:yaml.org,2002:str"]
    private static let allowedCollectionTags = ["", "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"]

    private static func tagDiagnostic(_ tag: String, path: String, at mark: SourceLocation) -> Diagnostic {
        Diagnostic(.tagNotAllowed, "YAML tag '\(tag)' is not allowed", at: SourceSpan(file: path, start: mark),
                   hint: "remove the tag; Steady types every value from the schema")
    }

    private static func style(_ style: Node.Scalar.Style) -> EmbeddedSource.Style {
        switch style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal: .literal
        case .folded: .folded
        case .any, .plain: .plain
        }
    }

    // MARK: - Pre-scan

    private struct PrescanProblem {
        let code: DiagnosticCode
        let message: String
        let location: SourceLocation
        let hint: String

        func diagnostic(path: String) -> Diagnostic {
            Diagnostic(code, message, at: SourceSpan(file: path, start: location), hint: hint)
        }
    }

    /// One pass over the text: rejects raw control characters and anything that could be a YAML
    /// anchor (`&name` after a non-alphanumeric character). With no anchors there can be no
    /// aliases, so alias expansion can never blow up. A `&` inside quotes is flagged too: the
    /// check is deliberately conservative.
    private static func prescan(_ text: String) -> PrescanProblem? {
        var text = text
        return text.withUTF8 { bytes -> PrescanProblem? in
            // The checks are about bytes or short byte sequences, so the bytes decide; columns count scalars
            // (a continuation byte is part of the scalar before it).
            var line = 1, column = 0
            for index in bytes.indices {
                let byte = bytes[index]
                if byte & 0xC0 == 0x80 { continue }
                if byte == 0x0A {
                    line += 1
                    column = 0
                    continue
                }
                column += 1
                if byte < 0x20 && byte != 0x09 && byte != 0x0D || byte == 0x7F {
                    return PrescanProblem(code: .controlCharacter,
                                          message: String(format: "control character U+%04X in the file", UInt32(byte)),
                                          location: SourceLocation(line: line, column: column),
                                          hint: "is this a binary file? rule files are plain text")
                }
                // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR: the YAML parser counts them as line
                // breaks, so every line number after one would be off.
                let separator: UInt32? = byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 0x85
                    : byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
                        ? 0x2000 + UInt32(bytes[index + 2]) - 0x80 : nil
                if let separator {
                    return PrescanProblem(code: .controlCharacter, message: String(format: "line separator U+%04X in the file", separator),
                                          location: SourceLocation(line: line, column: column),
                                          hint: "use a plain line break (the positions of every later line would be wrong)")
                }
                if byte == UInt8(ascii: "&"), index + 1 < bytes.count, bytes[index + 1].isNameCharacter,
                   !isAlphanumeric(scalarBefore: index, in: bytes) {
                    return PrescanProblem(code: .anchorNotAllowed, message: "YAML anchors and aliases are not allowed",
                                          location: SourceLocation(line: line, column: column),
                                          hint: "write the value out in full; anchors can expand without limit")
                }
            }
            return nil
        }
    }

    /// Whether the scalar that ends just before byte `index` is a letter or a digit (the start
    /// of the text counts as a line break).
    private static func isAlphanumeric(scalarBefore index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = index - 1
        while start >= 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= 0, let scalar = String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars.first else { return false }
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// The offset and line:column of the first byte that is not valid UTF-8.
    private static func firstInvalidUTF8(_ bytes: Data) -> (Int, SourceLocation) {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += String(scalar).utf8.count
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return (offset, SourceLocation(line: line, column: column))
            case .error:
                return (offset, SourceLocation(line: line, column: column))
            }
        }
    }

    // MARK: - Yams errors

    private static func diagnostic(for error: Error, in source: SourceFile) -> Diagnostic {
        let path = source.path
        func at(_ mark: Mark) -> SourceSpan { SourceSpan(file: path, start: SourceLocation(line: mark.line, column: mark.column)) }
        guard let error = error as? YamlError else {
            return Diagnostic(.yamlSyntax, "YAML could not be read", at: SourceSpan(file: path, start: .init(line: 1, column: 1)))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            if problem.hasPrefix("Maximum nesting level") {
                return Diagnostic(.nestingTooDeep, "YAML nesting is too deep", at: at(mark),
                                  hint: "rule files need only a few levels; check the brackets and indentation")
            }
            let notes = context.map { [Diagnostic.Note($0.text, at: at($0.mark))] } ?? []
            return Diagnostic(.yamlSyntax, "YAML syntax error: \(problem)", at: at(mark),
                              hint: YAMLHints.hint(problem, line: mark.line, column: mark.column, in: source), notes: notes)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(.duplicateKey, "duplicate key \(names) in a mapping", at: at(context.mark),
                              hint: "each key may appear once per mapping; this is the first occurrence")
        case .reader(let problem, _, _, _):
            return Diagnostic(.yamlSyntax, "YAML could not be read: \(problem)",
                              at: SourceSpan(file: path, start: .init(line: 1, column: 1)))
        default:
            return Diagnostic(.yamlSyntax, "YAML could not be read",
                              at: SourceSpan(file: path, start: .init(line: 1, column: 1)))
        }
    }
}

extension UInt8 {
    /// An ASCII letter, digit, `_` or `-`: what the YAML guards take for a character of an
    /// anchor's name or of a plain key.
    var isNameCharacter: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "_") || self == UInt8(ascii: "-")
    }
}
