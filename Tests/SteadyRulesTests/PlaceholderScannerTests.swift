import Testing
@testable import SteadyRules

/// Reason and message templates split into text and `{expression}` placeholders by offset.
struct PlaceholderScannerTests {
    func scan(_ text: String) -> [PlaceholderScanner.Piece] { PlaceholderScanner.scan(Array(text.unicodeScalars)) }

    @Test func textAndPlaceholdersByOffset() {
        #expect(scan("stress {stress}/10") == [.text("stress "), .placeholder(8..<14), .text("/10")])
        #expect(scan("{a}{b}") == [.placeholder(1..<2), .placeholder(4..<5)])
        #expect(scan("é {x}") == [.text("é "), .placeholder(3..<4)])
        #expect(scan("no placeholders") == [.text("no placeholders")])
    }

    @Test func emptyAndUnclosedBracesAreNamed() {
        #expect(scan("a {} b {  }") == [.text("a "), .empty(2..<4), .text(" b "), .empty(7..<11)])
        #expect(scan("a {x b") == [.text("a "), .unclosed(2)])
    }
}
