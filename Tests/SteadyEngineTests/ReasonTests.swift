import Testing
@testable import SteadyEngine

/// A reason kept as its template's pieces and values reads, compares and hashes as the reason
/// made from its rendered text.
struct ReasonTests {
    /// "stress {stress}/10 on {day}{suffix}": placeholders at the end and side by side.
    static let stress = Reason.Template(rule: "r", effect: 1, pieces: ["stress ", "/10 on ", "", ""])
    let template = Reason(Self.stress, values: ["8", "Monday", ""])

    @Test func theTextIsThePiecesWithTheValuesInPlace() {
        #expect(template.text == "stress 8/10 on Monday")
        #expect(template.description == "stress 8/10 on Monday")
        var parts: [String] = []
        template.forEachPart { parts.append($0) }
        #expect(parts == ["stress ", "8", "/10 on ", "Monday", "", "", ""])
    }

    @Test func aTemplatedReasonEqualsTheReasonOfItsText() {
        let rendered = Reason(rule: "r", effect: 1, values: ["8", "Monday", ""], text: "stress 8/10 on Monday")
        #expect(template == rendered)
        #expect(template.hashValue == rendered.hashValue)
        var parts: [String] = []
        rendered.forEachPart { parts.append($0) }
        #expect(parts == ["stress 8/10 on Monday"])
        // The same text from other values, another rule or another effect is another reason.
        #expect(template != Reason(rule: "r", effect: 1, values: ["8"], text: "stress 8/10 on Monday"))
        #expect(template != Reason(rule: "other", effect: 1, values: ["8", "Monday", ""], text: "stress 8/10 on Monday"))
        #expect(template != Reason(rule: "r", effect: 0, values: ["8", "Monday", ""], text: "stress 8/10 on Monday"))
        #expect(template != Reason(rule: "r", effect: 1, values: ["8", "Monday", ""], text: "stress 8/10"))
    }

    @Test func textsAreComparedWhateverTheTemplates() {
        let other = Reason(.init(rule: "s", effect: 0, pieces: ["", "/10 on Monday"]), values: ["stress 8"])
        #expect(template.hasSameText(as: other))
        #expect(other.hasSameText(as: template))
        #expect(!template.hasSameText(as: Reason(.init(rule: "r", effect: 1, pieces: ["stress ", "/10 on ", "", ""]), values: ["9", "Monday", ""])))
        // Two firings of one effect share its template: their values decide.
        #expect(template.hasSameText(as: Reason(Self.stress, values: ["8", "Monday", ""])))
        #expect(!template.hasSameText(as: Reason(Self.stress, values: ["9", "Monday", ""])))
        #expect(template == Reason(Self.stress, values: ["8", "Monday", ""]))
        #expect(template.rule == "r" && template.effect == 1)
    }
}
