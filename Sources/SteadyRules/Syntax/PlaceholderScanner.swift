/// Splits a reason or alert message into literal text and `{expression}` placeholders, by
/// scalar offsets into the text (so a placeholder's expression is parsed where it stands and
/// its diagnostics point into the whole text).
///
/// ```swift
/// PlaceholderScanner.scan(Array("stress {stress}/10".unicodeScalars))
/// // [.text("stress "), .placeholder(8..<14), .text("/10")]
/// ```
enum PlaceholderScanner {
    enum Piece: Equatable {
        case text(String)
        /// The offsets of the expression between the braces.
        case placeholder(Range<Int>)
        /// `{}` or `{  }`: the offsets of the braces and what is between them.
        case empty(Range<Int>)
        /// A `{` at this offset with no `}` after it; nothing after it is scanned.
        case unclosed(Int)
    }

    static func scan(_ scalars: [Unicode.Scalar]) -> [Piece] {
        var pieces: [Piece] = []
        var literal = String.UnicodeScalarView()
        var index = 0
        func flush() {
            if !literal.isEmpty { pieces.append(.text(String(literal))); literal = .init() }
        }
        while index < scalars.count {
            guard scalars[index] == "{" else {
                literal.append(scalars[index])
                index += 1
                continue
            }
            guard let close = scalars[index...].firstIndex(of: "}") else {
                flush()
                pieces.append(.unclosed(index))
                return pieces
            }
            flush()
            let inner = (index + 1)..<close
            pieces.append(scalars[inner].allSatisfy({ $0 == " " }) ? .empty(index..<(close + 1)) : .placeholder(inner))
            index = close + 1
        }
        flush()
        return pieces
    }
}
