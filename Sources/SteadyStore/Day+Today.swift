import Foundation
import SteadyRules

extension Day {
    /// Today in the machine's time zone.
    public static var today: Day {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(iso: String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }
}
