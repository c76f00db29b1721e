import Foundation
import SteadyEngine
import SteadyRules

/// A patient's recent check-ins for people (`steady history`): sparklines of stress and pain
/// over the window, then one row per check-in, newest first.
///
/// ```text
/// p1: 3 check-ins in the 4 days to 2026-11-24
/// stress ·▆▇▇
/// pain   ·▄▄▄
///
/// date        stress  pain  sleep  fatigue
/// 2026-11-24       8     5    5.5        6
/// ```
public enum CheckInTable {
    /// The table of `checkIns` (newest first) for the `days` days up to `last`, each read with `reader`.
    public static func render(patient: String, checkIns: [CheckIn], last: Day, days: Int, reader: StateReader) -> String {
        var byDay: [Int: [String: Value]] = [:]
        for checkIn in checkIns {
            byDay[checkIn.day.daysSinceEpoch] = reader.read(jsonLine: Data(checkIn.state.utf8), path: "check-in", line: 1).facts?.values
        }
        let window = ((last.daysSinceEpoch - days + 1)...last.daysSinceEpoch)
        func spark(_ fact: String) -> String {
            String(window.map { day -> Character in
                guard let number = byDay[day]?[fact]?.numeric else { return "·" }
                return Array("▁▂▃▄▅▆▇█")[max(0, min(7, Int(number / 10 * 7.99)))]
            })
        }
        var lines = ["\(patient): \(checkIns.count) check-ins in the \(days) days to \(last)", "stress \(spark("stress"))",
                     "pain   \(spark("pain"))", "", "date        stress  pain  sleep  fatigue"]
        for checkIn in checkIns {
            let values = byDay[checkIn.day.daysSinceEpoch] ?? [:]
            func cell(_ fact: String, _ width: Int) -> String {
                let text = values[fact].map { $0.description } ?? "-"
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
            lines.append("\(checkIn.day)  \(cell("stress", 6))  \(cell("pain", 4))  \(cell("sleep.hours", 5))  \(cell("fatigue", 7))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
