import Foundation

extension Day {
    /// Today in the machine's time zone. (Worked out from the clock and the zone's offset: the
    /// server asks on every request, and a calendar computation costs far more.)
    public static var today: Day {
        let now = Date()
        let local = now.timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT(for: now))
        return Day(Int((local / 86_400).rounded(.down)))
    }
}
