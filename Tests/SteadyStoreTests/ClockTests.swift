import Foundation
import Testing
@testable import SteadyRules
@testable import SteadyStore

/// Today and audit timestamps are worked out by hand (they are asked for on every request):
/// they agree with Foundation's calendar and ISO 8601 formatter.
struct ClockTests {
    @Test func todayIsTheCalendarsDayInTheLocalZone() {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        let expected = Day(iso: String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))
        #expect(Day.today == expected)
    }

    @Test(arguments: [0, 1, 59, 86_399, 86_400, 951_782_400, 1_796_300_000, 1_796_342_399.9, -1])
    func timestampsAreISO8601InUTC(_ seconds: Double) {
        var formatter = Date.ISO8601FormatStyle()
        formatter.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Store.timestamp(date) == date.formatted(formatter))
    }
}
