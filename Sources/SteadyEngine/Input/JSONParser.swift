/// A small, strict JSON parser for batch lines: much faster than `JSONDecoder` for the many
/// small objects of a batch, and it keeps `true` apart from `1`. Depth is bounded.
struct JSONParser {
    private let bytes: [UInt8]
    private var index: Int
    /// Where the text ends in `bytes`.
    private let end: Int
    private var depth = 0
    private static let maxDepth = 64

    struct Failure: Error {}

    /// The value of the whole text, or nil when it is not exactly one JSON value.
    static func parse(_ text: Substring) -> JSONValue? {
        let bytes = Array(text.utf8)
        return parse(bytes, in: 0..<bytes.count)
    }

    /// The value of the text in `range` of `bytes` (one line of a batch file, read without
    /// copying it out), or nil when it is not exactly one JSON value.
    static func parse(_ bytes: [UInt8], in range: Range<Int>) -> JSONValue? {
        var parser = JSONParser(bytes: bytes, range: range)
        guard let value = try? parser.value() else { return nil }
        parser.skipSpace()
        return parser.index == parser.end ? value : nil
    }

    private init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.index = range.lowerBound
        self.end = range.upperBound
    }

    private mutating func skipSpace() {
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func value() throws(Failure) -> JSONValue {
        skipSpace()
        guard index < end else { throw Failure() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .boolean(true)
        case UInt8(ascii: "f"): try literal("false"); return .boolean(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            let start = index
            let value = try number()
            let whole = !bytes[start..<index].contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            return .numeric(value, whole: whole)
        }
    }

    private mutating func nested<T>(_ body: (inout JSONParser) throws(Failure) -> T) throws(Failure) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw Failure() }
        return try body(&self)
    }

    private mutating func object() throws(Failure) -> JSONValue {
        try nested { (parser: inout JSONParser) throws(Failure) -> JSONValue in
            parser.index += 1
            var members: [(key: String, value: JSONValue)] = []
            parser.skipSpace()
            if parser.peek(UInt8(ascii: "}")) { parser.index += 1; return .object(members) }
            while true {
                parser.skipSpace()
                guard parser.peek(UInt8(ascii: "\"")) else { throw Failure() }
                let key = try parser.string()
                parser.skipSpace()
                try parser.expect(UInt8(ascii: ":"))
                members.append((key, try parser.value()))
                parser.skipSpace()
                if parser.peek(UInt8(ascii: ",")) { parser.index += 1; continue }
                try parser.expect(UInt8(ascii: "}"))
                return .object(members)
            }
        }
    }

    private mutating func array() throws(Failure) -> JSONValue {
        try nested { (parser: inout JSONParser) throws(Failure) -> JSONValue in
            parser.index += 1
            var items: [JSONValue] = []
            parser.skipSpace()
            if parser.peek(UInt8(ascii: "]")) { parser.index += 1; return .array(items) }
            while true {
                items.append(try parser.value())
                parser.skipSpace()
                if parser.peek(UInt8(ascii: ",")) { parser.index += 1; continue }
                try parser.expect(UInt8(ascii: "]"))
                return .array(items)
            }
        }
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var start = index
        var plain = true
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                if plain { return String(decoding: bytes[start..<index], as: UTF8.self) }
                scalars.append(contentsOf: String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars)
                return String(scalars)
            }
            if byte < 0x20 { throw Failure() }
            if byte == UInt8(ascii: "\\") {
                plain = false
                scalars.append(contentsOf: String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars)
                scalars.append(try escape())
                start = index
                continue
            }
            index += 1
        }
        throw Failure()
    }

    private mutating func escape() throws(Failure) -> Unicode.Scalar {
        index += 1
        guard index < end else { throw Failure() }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800...0xDBFF).contains(high) {
                guard peek(UInt8(ascii: "\\")), index + 1 < end, bytes[index + 1] == UInt8(ascii: "u") else { throw Failure() }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low),
                      let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else { throw Failure() }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw Failure() }
            return scalar
        default: throw Failure()
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= end else { throw Failure() }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw Failure() }
            value = value * 16 + UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func number() throws(Failure) -> Double {
        let start = index
        let negative = peek(UInt8(ascii: "-"))
        if negative { index += 1 }
        let digits = index
        var whole = 0
        while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            whole = whole &* 10 &+ Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        guard index > digits, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else { throw Failure() }
        // A plain integer of up to 15 digits is exact as a Double: no text conversion needed.
        if index - digits <= 15, !(peek(UInt8(ascii: ".")) || peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E"))) {
            return Double(negative ? -whole : whole)
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            let fraction = index
            while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > fraction else { throw Failure() }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            let exponent = index
            while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > exponent else { throw Failure() }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else { throw Failure() }
        return value
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { throw Failure() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Failure() }
        index += count
    }

    private func peek(_ byte: UInt8) -> Bool { index < end && bytes[index] == byte }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek(byte) else { throw Failure() }
        index += 1
    }
}
