/// How one day's plan differs between two rule sets: actions added and removed, a new order of
/// the same actions, alerts raised and gone — each with the rules that caused it.
public struct PlanDiff: Sendable, Hashable {
    /// An action or alert that changed, and what caused the change.
    public struct Change: Sendable, Hashable {
        /// The action id, or the alert's "level: message".
        public let subject: String
        /// The rules behind it: for something added, the new rules that bring it; for something
        /// removed, the old rules that brought it.
        public let rules: [String]
        /// For a removed action the new plan still considered: why it was left out now.
        public let now: String?
    }

    public let added: [Change]
    public let removed: [Change]
    /// The same actions in a different order.
    public struct Reorder: Sendable, Hashable {
        public let old: [String]
        public let new: [String]
    }

    public let reordered: Reorder?
    public let alertsAdded: [Change]
    public let alertsRemoved: [Change]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && reordered == nil && alertsAdded.isEmpty && alertsRemoved.isEmpty }

    /// Compares the plan the old rules made with the one the new rules made from the same inputs.
    public init(old: Plan, new: Plan) {
        let oldIDs = old.items.map(\.action.id), newIDs = new.items.map(\.action.id)
        added = new.items.filter { !oldIDs.contains($0.action.id) }.map { Change(subject: $0.action.id, rules: $0.rules, now: nil) }
        removed = old.items.filter { !newIDs.contains($0.action.id) }.map { item in
            let leftOut = new.removed.first { $0.action.id == item.action.id }
            return Change(subject: item.action.id, rules: item.rules,
                          now: leftOut.map { $0.causes.map(PlanRenderer.describe).joined(separator: "; ") } ?? "no rule recommends it")
        }
        reordered = added.isEmpty && removed.isEmpty && oldIDs != newIDs ? Reorder(old: oldIDs, new: newIDs) : nil
        func key(_ alert: PlanAlert) -> String { "\(alert.level.rawValue): \(alert.message)" }
        let oldAlerts = Set(old.alerts.map(key)), newAlerts = Set(new.alerts.map(key))
        alertsAdded = new.alerts.filter { !oldAlerts.contains(key($0)) }.map { Change(subject: key($0), rules: $0.rules, now: nil) }
        alertsRemoved = old.alerts.filter { !newAlerts.contains(key($0)) }.map { Change(subject: key($0), rules: $0.rules, now: nil) }
    }
}
