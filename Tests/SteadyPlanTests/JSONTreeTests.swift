import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan

struct JSONTreeTests {
    /// The fast compact writer writes exactly what JSONEncoder writes with the same options.
    @Test func compactWriterMatchesJSONEncoder() throws {
        let tree = JSONTree.object([
            ("zeta", .string("quote \" backslash \\ slash / tab \t newline \n bell \u{07} é 😀")),
            ("alpha", .array([.int(-3), .bool(true), .null, .object([])])),
            ("mid", .object([("b", .int(2)), ("a", .array([]))])),
        ])
        var bytes: [UInt8] = []
        tree.writeCompact(into: &bytes)
        let compact = String(decoding: bytes, as: UTF8.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(compact == String(decoding: try encoder.encode(tree), as: UTF8.self))
        #expect(compact.hasPrefix(#"{"alpha":[-3,true,null,{}],"mid":{"a":[],"b":2},"zeta":"quote \" backslash \\ slash / tab \t"#))
    }

    /// A reason written part by part is its text written whole: quoted once, with every part
    /// that needs it escaped, whichever part the escape falls in.
    @Test func aReasonIsWrittenAsItsText() {
        let reasons = [
            Reason(.init(rule: "r", effect: 0, pieces: ["", " and ", " then\t", "."]), values: ["say \"hi\"", "a\\b", "line\nnext \u{01}"]),
            Reason(.init(rule: "r", effect: 0, pieces: ["plain"]), values: []),
            Reason(rule: "r", effect: 0, values: ["x"], text: "given \"whole\""),
        ]
        for reason in reasons {
            var parts: [UInt8] = [], whole: [UInt8] = []
            JSONTree.write(reason, into: &parts)
            JSONTree.write(reason.text, into: &whole)
            #expect(parts == whole)
        }
        // An item's reasons and rules, each once, in firing order: the second "plain" (another
        // rule's, from its own template) and the second rule "a" count once.
        let recommendations = zip(["a", "b", "a", "c"], reasons + [Reason(rule: "c", effect: 1, values: [], text: "plain")])
            .enumerated().map { Recommendation(firing: $0, rule: $1.0, reason: $1.1) }
        var rules: [UInt8] = []
        JSONTree.writeRules(of: recommendations, into: &rules)
        #expect(String(decoding: rules, as: UTF8.self) == #"["a","b","c"]"#)
        #expect(recommendations.distinctReasons.map(\.text) == reasons.map(\.text))
    }

    /// The word-at-a-time test for bytes JSON escapes agrees with testing byte by byte, on
    /// random bytes of every length up to 40 and every position of the byte that must be escaped.
    @Test func theEscapeScanAgreesWithTheByteByByteTest() {
        var generator = SystemRandomNumberGenerator()
        // Around each boundary the word test must get right, and bytes with the high bit set.
        let bytes: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xA2, 0xDC, 0xFF, 0x41, 0x61]
        let escaped: Set<UInt8> = [0x00, 0x01, 0x1F, 0x22, 0x5C]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            // Mostly plain bytes, so that long runs without an escape are common too.
            let line = (0..<count).map { _ in Int.random(in: 0..<4, using: &generator) == 0 ? bytes.randomElement(using: &generator)! : 0x61 }
            let expected = line.contains { escaped.contains($0) }
            #expect(line.withUnsafeBufferPointer(JSONTree.needsEscape) == expected, "\(line)")
        }
    }
}
