import SteadyRules
import SteadyTestSupport
import Testing

/// Calendar days as states and history write them: `YYYY-MM-DD`, real dates only.
struct DayTests {
    @Test func readsRealDatesOnly() {
        #expect(Day(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(Day(iso: "2026-11-24")?.daysSinceEpoch == 20_781)
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "1969-12-31")?.daysSinceEpoch == -1)
        for text in ["2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31", "2026-11-00", "2026-1-24", "2026/11/24",
                     "+026-11-24", "2026-11-2x", "2026-11-24 ", "", "２０２６-11-24"] {
            #expect(Day(iso: text) == nil, "\(text)")
        }
    }

    /// Every day of four centuries reads back from the text it writes.
    @Test func writesWhatItReads() {
        var rng = Xorshift(seed: 42)
        for _ in 0..<20_000 {
            let day = Day(rng.next(146_097 * 4) - 146_097 * 2)
            #expect(Day(iso: day.description) == day, "\(day.daysSinceEpoch) \(day)")
        }
        #expect(Day(20_781).description == "2026-11-24")
        // Zero-padded at the ends of the four-digit years; past them, more digits or a sign.
        #expect(Day(iso: "0000-01-01")?.description == "0000-01-01")
        #expect(Day(iso: "0009-03-05")?.description == "0009-03-05")
        #expect(Day(iso: "9999-12-31")?.description == "9999-12-31")
        #expect(Day(-719_529).description == "-0001-12-31")
        #expect(Day(2_932_897).description == "10000-01-01")
    }
}
