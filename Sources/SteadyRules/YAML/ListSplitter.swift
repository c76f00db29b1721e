/// Finds where a large YAML file can be cut so that its pieces can be composed on several cores:
/// at items of the file's last top-level block list (a rule file's `rules:`), when that list runs
/// to the end of the file.
///
/// The cut is found by a line scan that does not parse YAML, so it is only a proposal: a cut line
/// that is really inside a quoted string or a flow collection leaves the piece before it with an
/// unclosed quote or bracket, which fails to compose. ``YAMLReader`` therefore accepts the pieces
/// only when every one composes, the first ends with the list as its last key's value and the
/// others are lists at the same indentation; otherwise it composes the whole file. A line at the
/// list's own indentation that starts with `- ` cannot continue a block or plain scalar (their
/// lines are indented deeper), so when all pieces compose, their lists are the whole file's list.
struct ListSplitter {
    /// One piece of the text: where it starts (a line start) and how many lines come before it.
    struct Piece: Equatable {
        let start: String.UTF8View.Index
        let end: String.UTF8View.Index
        let linesBefore: Int
    }

    /// The list's items' indentation and the pieces, or nil when the text has no top-level block
    /// list running to its end with enough items to cut.
    struct Cut {
        let indent: Int
        let pieces: [Piece]
    }

    /// Cuts `text` into at most `count` pieces of about equal size, each cut at an item of the
    /// last top-level block list.
    static func cut(_ text: String, into count: Int) -> Cut? {
        guard count > 1 else { return nil }
        let utf8 = text.utf8
        guard let list = lastTopLevelList(utf8) else { return nil }
        let listStart = list.items[0].offset
        var pieces: [Piece] = []
        var previous = (offset: 0, line: 0)
        var next = 1
        for part in 1..<count {
            let target = listStart + (utf8.count - listStart) * part / count
            while next < list.items.count && list.items[next].offset < target { next += 1 }
            guard next < list.items.count else { break }
            let item = list.items[next]
            pieces.append(Piece(start: utf8.index(utf8.startIndex, offsetBy: previous.offset),
                                end: utf8.index(utf8.startIndex, offsetBy: item.offset), linesBefore: previous.line))
            previous = item
            next += 1
        }
        guard !pieces.isEmpty else { return nil }
        pieces.append(Piece(start: utf8.index(utf8.startIndex, offsetBy: previous.offset), end: utf8.endIndex,
                            linesBefore: previous.line))
        return Cut(indent: list.indent, pieces: pieces)
    }

    /// The last top-level key whose value is a block list running to the end of the text: its
    /// items' indentation and where each item starts (byte offset, lines before it).
    private static func lastTopLevelList(_ utf8: String.UTF8View) -> (indent: Int, items: [(offset: Int, line: Int)])? {
        var list: (indent: Int, items: [(offset: Int, line: Int)])?
        var keyPending = false
        var line = 0
        let bytes = Array(utf8)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var first = start
            while first < end && bytes[first] == UInt8(ascii: " ") { first += 1 }
            let indent = first - start
            let isItem = first < end && bytes[first] == UInt8(ascii: "-")
                && (first + 1 == end || bytes[first + 1] == UInt8(ascii: " ") || bytes[first + 1] == UInt8(ascii: "\r"))
            let isBlank = first == end || bytes[first] == UInt8(ascii: "#") || bytes[first] == UInt8(ascii: "\r")
            if !isBlank {
                if indent == 0 && !isItem {
                    // A top-level key: it ends any list, and may open the next.
                    list = nil
                    keyPending = isBareKey(bytes[start..<end])
                } else if keyPending {
                    keyPending = false
                    if isItem { list = (indent, [(start, line)]) }
                } else if isItem, list?.indent == indent {
                    list?.items.append((start, line))
                }
            }
            start = end + 1
            line += 1
        }
        guard let list, list.items.count > 1 else { return nil }
        return list
    }

    /// `name:` alone on its line (a comment may follow): a key whose value starts on the next line.
    private static func isBareKey(_ line: ArraySlice<UInt8>) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return false }
        guard line[..<colon].allSatisfy(\.isNameCharacter) else { return false }
        var rest = line[(colon + 1)...].drop { $0 == UInt8(ascii: " ") }
        if rest.last == UInt8(ascii: "\r") { rest = rest.dropLast() }
        return rest.isEmpty || rest.first == UInt8(ascii: "#")
    }
}
