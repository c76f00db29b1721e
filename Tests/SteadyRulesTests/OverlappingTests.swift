import Dispatch
import SteadyRules
import Testing

/// The batch's pipeline stage: the background half runs while the caller runs the foreground
/// half, and both results come back.
struct OverlappingTests {
    @Test func theBackgroundRunsWhileTheForegroundWaitsForIt() {
        let started = DispatchSemaphore(value: 0)
        let (background, foreground) = overlapping(jobs: 2, { () -> Int in
            started.signal()
            return 6 * 7
        }, while: {
            // Only a background running at the same time can signal this.
            started.wait(timeout: .now() + 10) == .success
        })
        #expect(background == 42)
        #expect(foreground)
    }

    @Test func oneJobRunsTheHalvesInTurn() {
        var order: [String] = []
        let (background, foreground) = overlapping(jobs: 1, { "made" }, while: { order.append("foreground"); return order.count })
        #expect(background == "made")
        #expect(foreground == 1)
    }
}
