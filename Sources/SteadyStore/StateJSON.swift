import Foundation
import SteadyEngine
import SteadyRules

/// A patient's input facts as one JSON object, the way a state file writes them (record fields
/// nested, instances as lists), so a stored check-in reads back through `StateReader` with the
/// same validation as any other state.
public enum StateJSON {
    /// The state as JSON; a history entry adds the actions of that day's plan as `suggested` and
    /// those marked done as `done` (each when there are any).
    static func encode(_ facts: FactBase, actions: [ActionEvent: Set<String>] = [:]) -> String {
        var object: [String: Any] = [:]
        for (event, ids) in actions where !ids.isEmpty { object[event.rawValue] = ids.sorted() }
        object.merge(nested(facts.values.mapValues(json))) { $1 }
        for (template, list) in facts.instances {
            object[template] = list.map { fields in fields.mapValues(json) }
        }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
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

    private static func json(_ value: Value) -> Any {
        switch value {
        case .bool(let flag): flag
        case .integer(let number): number
        case .number(let number): number
        case .string(let text): text
        case .date(let day): Day(day).description
        case .set(let items): items
        case .list(let items): items.map(json)
        case .duration(let days): days
        case .unknown: NSNull()
        }
    }
}
