import SteadyEngine
import SteadyRules

/// A JSON value to write out. Objects are written with their keys sorted.
public enum JSONTree: Encodable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A finite number, written as Swift's shortest round-trip form (`6.5`, `1e-05`); not finite: `null`.
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([(String, JSONTree)])

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            if value.isFinite { try container.encode(value) } else { try container.encodeNil() }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// Compact JSON, as `JSONEncoder` writes it with sorted keys and unescaped slashes, as
    /// UTF-8 bytes (appending bytes is much cheaper than appending small strings).
    public func writeCompact(into out: inout [UInt8]) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): Self.write(value, into: &out)
        case .number(let value): if value.isFinite { out.append(contentsOf: value.description.utf8) } else { out.append("null") }
        case .string(let value): Self.write(value, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.writeCompact(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(member.0, into: &out)
                out.append(UInt8(ascii: ":"))
                member.1.writeCompact(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Compact JSON text (``writeCompact(into:)``).
    public var compactText: String {
        var out: [UInt8] = []
        writeCompact(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A whole number, as digits.
    static func write(_ number: Int, into out: inout [UInt8]) {
        guard number != 0 else { out.append(UInt8(ascii: "0")); return }
        if number < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = number.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    /// A list of strings.
    static func write<Texts: Sequence<String>>(_ texts: Texts, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(text, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Whether `bytes` hold a byte JSON escapes — a control character (below 0x20), `"` or
    /// `\` — tested eight bytes at a time: whether a word holds a byte below `n` is
    /// `(word - n × 0x01…01) & ~word & 0x80…80 ≠ 0` (exact for any `n` up to 0x80), and a byte
    /// equal to `c` is a zero byte of `word ^ c × 0x01…01`, which is a byte below 1.
    static func needsEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ limit: UInt64, _ word: UInt64) -> Bool { (word &- ones &* limit) & ~word & highs != 0 }
        var index = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while index + 8 <= bytes.count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if hasByteBelow(0x20, word) || hasByteBelow(1, word ^ (ones &* 0x22)) || hasByteBelow(1, word ^ (ones &* 0x5C)) {
                    return true
                }
                index += 8
            }
        }
        return bytes[index...].contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }

    /// A string, quoted and escaped.
    static func write(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        writeEscaped(text, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// A reason's text, quoted and escaped, written part by part (``Reason/forEachPart(_:)``)
    /// rather than made first.
    static func write(_ reason: Reason, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        reason.forEachPart { writeEscaped($0, into: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// The distinct rules of `recommendations` (``PlanItem/rules``), as an array.
    static func writeRules(of recommendations: [Recommendation], into out: inout [UInt8]) {
        write(recommendations.indices.lazy.filter(recommendations.isFirstRule).map { recommendations[$0].rule }, into: &out)
    }

    /// `text` escaped, without quotes.
    static func writeEscaped(_ text: String, into out: inout [UInt8]) {
        func appendIfPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard !needsEscape(bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        // A native string gives its bytes in place, without the copy `withUTF8` needs; any
        // other is made native first.
        let plain = text.utf8.withContiguousStorageIfAvailable(appendIfPlain) ?? {
            var text = text
            return text.withUTF8(appendIfPlain)
        }()
        if plain { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(byte)
            }
        }
    }
}

extension [UInt8] {
    /// Appends a literal's UTF-8 bytes without making a string.
    mutating func append(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}

extension JSONTree {
    /// A value as typed JSON: a date as `"2026-11-24"`, a set as an array of its values, a
    /// window as its days, unknown as `null`.
    public init(_ value: Value) {
        self = switch value {
        case .bool(let flag): .bool(flag)
        case .integer(let number): .int(number)
        case .number(let number): .number(number)
        case .string(let text): .string(text)
        case .date(let day): .string(Day(day).description)
        case .set(let items): .array(items.map(JSONTree.string))
        case .list(let items): .array(items.map(JSONTree.init))
        case .duration(let days): .int(days)
        case .unknown: .null
        }
    }
}
