import Foundation
import Testing
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
}
