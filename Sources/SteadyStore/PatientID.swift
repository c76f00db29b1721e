/// What a patient id may be: 1 to 64 characters, ASCII letters, digits, `.`, `_` and `-`,
/// starting with a letter or a digit. Ids are keys, never free text: they cannot carry a
/// spreadsheet formula (`=HYPERLINK(...)`) into an export, a path, or a line break into a log.
public enum PatientID {
    public static let maxLength = 64

    /// Whether `id` is a valid patient id.
    public static func isValid(_ id: String) -> Bool {
        guard (1...maxLength).contains(id.utf8.count), let first = id.utf8.first, isAlphanumeric(first) else { return false }
        return id.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Why `id` is not valid, for a message.
    public static func problem(_ id: String) -> String {
        "'\(id.prefix(80))' is not a patient id (1 to \(maxLength) letters, digits, '.', '_' or '-', starting with a letter or digit)"
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
