import SteadyTestSupport
import Testing
@testable import SteadyRules

/// A recording gives each node's last recorded value, however many values it holds: scanned
/// when there are few, through its index when there are many.
struct ExpressionRecordingTests {
    @Test func eachNodeHasItsLastValueBelowAndAboveTheScanLimit() {
        var rng = Xorshift(seed: 64)
        for count in [0, 1, 5, 64, 65, 300] {
            let recording = ExpressionRecording()
            var expected: [Int: Value] = [:]
            for step in 0..<count {
                let id = rng.next(40), value = Value.integer(step)
                recording.record(id, value)
                expected[id] = value
                // Looked up while recording too: an index built earlier must not go stale.
                if step % 50 == 0 { #expect(recording.value(of: id) == value) }
            }
            for id in 0..<45 { #expect(recording.value(of: id) == expected[id], "\(count) values, node \(id)") }
        }
    }
}
