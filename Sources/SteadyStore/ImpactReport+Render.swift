import Foundation
import SteadyPlan
import SteadyRules

extension ImpactAnalysis.Report {
    /// The report for people: every changed patient-day with what was added, removed or
    /// reordered and by which rules.
    public func text(old: RuleSet, new: RuleSet) -> String {
        func name(_ ruleSet: RuleSet) -> String { "\(ruleSet.name) \(ruleSet.version) (\(PlanRenderer.short(ruleSet.contentHash)))" }
        var out = "Impact of \(name(new)) against \(name(old))\n"
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        out += "\(first) to \(last): \(count(plans, "check-in")) of \(count(patients, "patient")) replayed\n"
        let changed = changedPatients
        guard !changed.isEmpty else { return out + "No plan changes.\n" }
        let named = changed.prefix(20).joined(separator: ", ") + (changed.count > 20 ? " and \(changed.count - 20) more" : "")
        out += "\(count(changes.count, "plan")) of \(count(changed.count, "patient")) would change: \(named)\n"
        for change in changes {
            out += "\n\(change.patient) \(change.day)\n"
            let diff = change.diff
            for item in diff.alertsAdded { out += "  + alert \(item.subject)  (by \(item.rules.joined(separator: ", ")))\n" }
            for item in diff.alertsRemoved { out += "  - alert \(item.subject)  (was by \(item.rules.joined(separator: ", ")))\n" }
            for item in diff.added { out += "  + \(item.subject)  (by \(item.rules.joined(separator: ", ")))\n" }
            for item in diff.removed {
                out += "  - \(item.subject)  (was by \(item.rules.joined(separator: ", "))\(item.now.map { "; now: \($0)" } ?? ""))\n"
            }
            if let order = diff.reordered { out += "  ~ order \(order.old.joined(separator: ", ")) → \(order.new.joined(separator: ", "))\n" }
        }
        return out
    }

    /// The report for programs (`impact --format json`).
    public func json(old: RuleSet, new: RuleSet) -> String {
        func ruleSet(_ ruleSet: RuleSet) -> [String: Any] { ["name": ruleSet.name, "version": ruleSet.version, "hash": ruleSet.contentHash] }
        func changes(_ list: [PlanDiff.Change]) -> [[String: Any]] {
            list.map { change in
                var object: [String: Any] = ["subject": change.subject, "rules": change.rules]
                if let now = change.now { object["now"] = now }
                return object
            }
        }
        let document: [String: Any] = [
            "old": ruleSet(old), "new": ruleSet(new), "first": first.description, "last": last.description,
            "patients": patients, "plans": plans, "changed_patients": changedPatients, "problems": problems,
            "changes": self.changes.map { change -> [String: Any] in
                let diff = change.diff
                return ["patient": change.patient, "day": change.day.description, "added": changes(diff.added), "removed": changes(diff.removed),
                        "reordered": diff.reordered.map { ["old": $0.old, "new": $0.new] } as Any? ?? NSNull(),
                        "alerts_added": changes(diff.alertsAdded), "alerts_removed": changes(diff.alertsRemoved)]
            },
        ]
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
