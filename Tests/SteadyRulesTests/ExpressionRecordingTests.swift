import SteadyTestSupport
import Testing
@testable import SteadyRules

/// A recording gives each node's last recorded value, however many values it holds (scanned
/// when there are few, through its index when there are many), and lists its entries in the
/// order evaluations began unless a node was evaluated twice.
struct ExpressionRecordingTests {
    static func node(_ id: Int) -> CheckedExpr {
        CheckedExpr(id: id, kind: .constant(.integer(id)), type: .integer, text: "n\(id)")
    }

    @Test func eachNodeHasItsLastValueBelowAndAboveTheScanLimit() {
        var rng = Xorshift(seed: 64)
        for count in [0, 1, 5, 64, 65, 300] {
            let recording = ExpressionRecording()
            var expected: [Int: Value] = [:]
            for step in 0..<count {
                let id = rng.next(40), value = Value.integer(step)
                recording.end(recording.begin(Self.node(id)), value)
                expected[id] = value
                // Looked up while recording too: an index built earlier must not go stale.
                if step % 50 == 0 { #expect(recording.value(of: id) == value) }
            }
            for id in 0..<45 { #expect(recording.value(of: id) == expected[id], "\(count) values, node \(id)") }
        }
    }

    @Test func entriesAreInTheOrderEvaluationsBeganWithTheValuesTheyEndedWith() {
        let recording = ExpressionRecording()
        let outer = recording.begin(Self.node(7))
        recording.end(recording.begin(Self.node(3)), .integer(30))
        recording.end(recording.begin(Self.node(5)), .integer(50))
        recording.end(outer, .bool(true))
        let entries = recording.values
        #expect(recording.isPreorder)
        #expect(entries.map(\.id) == [7, 3, 5])
        #expect(entries.map(\.text) == ["n7", "n3", "n5"])
        #expect(entries.map(\.value) == [.bool(true), .integer(30), .integer(50)])
        recording.noteRepeat()
        #expect(!recording.isPreorder)
        // Emptied for the next expression: nothing recorded, in order again.
        recording.reset()
        #expect(recording.values.isEmpty && recording.isPreorder && recording.value(of: 7) == nil)
    }
}
