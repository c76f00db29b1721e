import Foundation

/// A state as a JSON object, the way a state file writes it.
public enum StateObject {
    /// Whether a value `JSONSerialization` read is `true` or `false` (not a number, which
    /// `as? Bool` would also accept).
    public static func isBoolean(_ value: Any) -> Bool {
        type(of: value) == type(of: NSNumber(value: true))
    }

    /// JSON values by full fact name (`work.context`) nested as a state writes them
    /// (`{"work": {"context": ...}}`).
    public static func nested(_ values: [String: Any]) -> [String: Any] {
        var object: [String: Any] = [:]
        for (name, value) in values {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                var record = object[parts[0]] as? [String: Any] ?? [:]
                record[parts[1]] = value
                object[parts[0]] = record
            } else {
                object[name] = value
            }
        }
        return object
    }
}
