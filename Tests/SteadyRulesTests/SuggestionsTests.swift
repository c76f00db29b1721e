import Testing
@testable import SteadyRules

/// "Did you mean" only for likely typos; a different word gets no suggestion (the caller then
/// lists what is allowed).
struct SuggestionsTests {
    @Test(arguments: [
        ("stres", ["stress", "pain"], "stress"),
        ("sleep_hour", ["sleep_hours", "sleep_quality"], "sleep_hours"),
        ("cafeine", ["caffeine", "reading"], "caffeine"),
        ("avrg", ["avg", "min", "max"], "avg"),
        ("screen_dsk_wrk", ["screen_desk_work"], "screen_desk_work"),
        ("Stress", ["stress"], "stress"),
    ])
    func suggestsTheCloseCandidate(_ word: String, _ candidates: [String], _ expected: String) {
        #expect(Suggestions.closest(to: word, in: candidates) == expected)
    }

    @Test(arguments: [
        ("deadline", ["reading", "stress_event", "poor_sleep"]),
        ("offce", ["desk_office", "remote"]),
        ("ab", ["xy"]),
    ])
    func suggestsNothingForADifferentWord(_ word: String, _ candidates: [String]) {
        #expect(Suggestions.closest(to: word, in: candidates) == nil)
    }
}
