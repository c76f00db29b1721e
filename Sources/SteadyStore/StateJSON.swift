import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules

/// A patient's input facts as one JSON object, the way a state file writes them (record fields
/// nested, instances as lists), so a stored check-in reads back through `StateReader` with the
/// same validation as any other state.
public enum StateJSON {
    /// The state as JSON (keys sorted, compact); a history entry adds the actions of that day's
    /// plan as `suggested` and those marked done as `done` (each when there are any). Written
    /// directly rather than through `JSONSerialization`: today's plan compares the inputs of
    /// every request with the stored plan's this way.
    static func encode(_ facts: FactBase, actions: [ActionEvent: Set<String>] = [:]) -> String {
        var members: [String: JSONTree] = [:]
        for (event, ids) in actions where !ids.isEmpty { members[event.rawValue] = .array(ids.sorted().map(JSONTree.string)) }
        var records: [String: [(String, JSONTree)]] = [:]
        for (name, value) in facts.values {
            if let dot = name.firstIndex(of: ".") {
                records[String(name[..<dot]), default: []].append((String(name[name.index(after: dot)...]), JSONTree(value)))
            } else {
                members[name] = JSONTree(value)
            }
        }
        for (record, fields) in records { members[record] = .object(fields) }
        for (template, list) in facts.instances {
            members[template] = .array(list.map { fields in .object(fields.map { ($0.key, JSONTree($0.value)) }) })
        }
        return JSONTree.object(Array(members)).compactText
    }
}
