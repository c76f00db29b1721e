/// Splits an expression into tokens. Offsets are in Unicode scalars, like YAML columns.
public struct Lexer: Sendable {
    private let scalars: [Unicode.Scalar]

    public init(_ text: String) {
        self.scalars = Array(text.unicodeScalars)
    }

    /// All tokens, ending with `.end`, or the first lexical error.
    public func tokenize() throws(SyntaxError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while true {
            while index < scalars.count, Self.isWhitespace(scalars[index]) { index += 1 }
            guard index < scalars.count else {
                tokens.append(Token(kind: .end, range: index..<index))
                return tokens
            }
            let start = index
            let scalar = scalars[index]
            if Self.isIdentifierStart(scalar) {
                while index < scalars.count, Self.isIdentifierPart(scalars[index]) { index += 1 }
                let word = String(scalars: scalars[start..<index])
                let kind: Token.Kind = Self.keywords[word].map { .keyword($0) } ?? .identifier(word)
                tokens.append(Token(kind: kind, range: start..<index))
            } else if Self.isDigit(scalar) {
                tokens.append(try number(from: &index))
            } else if scalar == "\"" || scalar == "'" {
                tokens.append(try string(from: &index))
            } else {
                tokens.append(try symbol(from: &index))
            }
        }
    }

    private func number(from index: inout Int) throws(SyntaxError) -> Token {
        let start = index
        while index < scalars.count, Self.isDigit(scalars[index]) { index += 1 }
        var isDecimal = false
        // A '.' followed by a digit continues the number; '..' is a range.
        if index + 1 < scalars.count, scalars[index] == ".", Self.isDigit(scalars[index + 1]) {
            isDecimal = true
            index += 1
            while index < scalars.count, Self.isDigit(scalars[index]) { index += 1 }
        }
        let digits = String(scalars: scalars[start..<index])
        if !isDecimal, index < scalars.count, scalars[index] == "d" || scalars[index] == "w",
           index + 1 >= scalars.count || !Self.isIdentifierPart(scalars[index + 1])
        {
            let unit = scalars[index]
            index += 1
            guard let count = Int(digits), (unit == "w" ? count * 7 : count) <= 3650 else {
                throw SyntaxError(.invalidLiteral, "window '\(digits)\(unit)' is too long", at: start..<index,
                                  hint: "windows are at most 3650d")
            }
            return Token(kind: .duration(days: unit == "w" ? count * 7 : count), range: start..<index)
        }
        if index < scalars.count, Self.isIdentifierPart(scalars[index]) {
            while index < scalars.count, Self.isIdentifierPart(scalars[index]) { index += 1 }
            throw SyntaxError(.invalidLiteral, "invalid number '\(String(scalars: scalars[start..<index]))'",
                              at: start..<index, hint: "windows are written like 3d or 2w; names cannot start with a digit")
        }
        if isDecimal {
            guard let value = Double(digits), value.isFinite else {
                throw SyntaxError(.invalidLiteral, "invalid number '\(digits)'", at: start..<index)
            }
            return Token(kind: .decimal(value), range: start..<index)
        }
        guard let value = Int(digits), value <= 1_000_000_000 else {
            throw SyntaxError(.invalidLiteral, "number '\(digits)' is too large", at: start..<index)
        }
        return Token(kind: .integer(value), range: start..<index)
    }

    private func string(from index: inout Int) throws(SyntaxError) -> Token {
        let start = index
        let quote = scalars[index]
        index += 1
        var value = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == quote {
                index += 1
                return Token(kind: .string(String(value)), range: start..<index)
            }
            if scalar == "\\", index + 1 < scalars.count {
                index += 1
                value.append(scalars[index])
            } else {
                value.append(scalar)
            }
            index += 1
        }
        throw SyntaxError(.unterminatedString, "string is not closed", at: start..<index,
                          hint: "add the closing \(quote)")
    }

    private func symbol(from index: inout Int) throws(SyntaxError) -> Token {
        let start = index
        let scalar = scalars[index]
        let next = index + 1 < scalars.count ? scalars[index + 1] : nil
        let twoCharacter: Token.Symbol? = switch (scalar, next) {
        case ("=", "="): .equal
        case ("!", "="): .notEqual
        case ("<", "="): .lessEqual
        case (">", "="): .greaterEqual
        case (".", "."): .range
        default: nil
        }
        if let twoCharacter {
            index += 2
            return Token(kind: .symbol(twoCharacter), range: start..<index)
        }
        if let symbol = Self.oneCharacter[scalar] {
            index += 1
            return Token(kind: .symbol(symbol), range: start..<index)
        }
        let hint: String? = switch (scalar, next) {
        case ("=", _): "use '==' to compare"
        case ("&", "&"): "write 'and'"
        case ("|", "|"): "write 'or'"
        case ("!", _): "write 'not'"
        default: nil
        }
        throw SyntaxError(.unexpectedCharacter, "unexpected character '\(scalar)'", at: start..<(start + 1), hint: hint)
    }

    private static let keywords = Dictionary(uniqueKeysWithValues: Token.Keyword.allCases.map { ($0.rawValue, $0) })

    private static let oneCharacter: [Unicode.Scalar: Token.Symbol] = Dictionary(uniqueKeysWithValues: Token.Symbol.allCases.compactMap {
        $0.rawValue.unicodeScalars.count == 1 ? ($0.rawValue.unicodeScalars.first!, $0) : nil
    })

    /// Whitespace, deciding ASCII without the Unicode property tables.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || isDigit(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}

extension String {
    /// The text of a run of scalars (much faster than going through `UnicodeScalarView`).
    init(scalars: ArraySlice<Unicode.Scalar>) {
        if scalars.allSatisfy(\.isASCII) {
            self.init(unsafeUninitializedCapacity: scalars.count) { buffer in
                for (offset, scalar) in zip(buffer.indices, scalars) { buffer[offset] = UInt8(scalar.value) }
                return scalars.count
            }
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 4)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
