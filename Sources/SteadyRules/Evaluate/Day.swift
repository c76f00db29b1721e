/// A calendar day, as days since 1970-01-01 (no time zone: a check-in is for a day).
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let daysSinceEpoch: Int

    public init(_ daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Parses `YYYY-MM-DD`; nil when it is not a real date.
    public init?(iso text: String) {
        var text = text
        guard let day = text.withUTF8({ Self.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = day
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes; nil when they are not a real date.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Day? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        // The digits at `positions` as a number, or -1 when one is not a digit: each part is read
        // from its own places, without a switch on every byte's position (a batch line reads two
        // or three dates).
        func number(_ positions: Range<Int>) -> Int {
            var value = 0
            for position in positions {
                let digit = bytes[position] &- UInt8(ascii: "0")  // wraps past 9 for a byte below "0"
                guard digit < 10 else { return -1 }
                value = value * 10 + Int(digit)
            }
            return value
        }
        let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
        guard year >= 0, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Day(era * 146_097 + dayOfEra - 719_468)
    }

    public var description: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(12)
        write(into: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    /// Appends the day as ``description`` gives it (UTF-8 bytes) to `bytes`: a plan line writes
    /// its date, and making a string of it first cost as much as the line's other numbers.
    public func write(into bytes: inout [UInt8]) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // Four digits of year (more when it has more, after a minus sign before year 0), two of
        // month and day, as ISO 8601 writes them, digit by digit.
        if year < 0 { bytes.append(UInt8(ascii: "-")) }
        Self.append(abs(year), width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(day, width: 2, to: &bytes)
    }

    /// `number` (not negative) in decimal digits, at least `width` of them, appended to `digits`.
    private static func append(_ number: Int, width: Int, to digits: inout [UInt8]) {
        var count = 1, rest = number
        while rest >= 10 { rest /= 10; count += 1 }
        let start = digits.count, length = Swift.max(count, width)
        digits += repeatElement(UInt8(ascii: "0"), count: length)
        var position = start + length - 1, value = number
        while value > 0 {
            digits[position] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
            position -= 1
        }
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
