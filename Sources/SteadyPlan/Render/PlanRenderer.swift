import SteadyEngine
import SteadyRules

/// Renders a plan for a person to read, as plain text or Markdown: safety alerts first and
/// unmistakable, then the actions grouped by time of day with minutes and the reason in plain
/// words, the total, what was left out and why, and which rule set made it.
public struct PlanRenderer: Sendable {
    public enum Style: Sendable { case text, markdown }

    public let style: Style
    /// The plain words for facts, to name what came from the patient's profile; without them
    /// the fact names are shown.
    public let words: FactWords?

    public init(style: Style, words: FactWords? = nil) {
        self.style = style
        self.words = words
    }

    public static let disclaimer = "Self-management suggestions from your clinic's rule set, not medical advice."

    public func render(_ plan: Plan) -> String {
        var lines: [String] = []
        let title = "Your plan for \(plan.date?.description ?? "today")"
        lines += style == .markdown ? ["# \(title)", "", "_\(Self.disclaimer)_", ""] : [title, Self.disclaimer, ""]
        for alert in plan.alerts {
            lines += render(alert)
        }
        if plan.safetyCardOnly {
            lines.append("Today's other suggestions are on hold until you have spoken to someone about this.")
            lines.append("")
        } else {
            for slot in slots(plan) {
                let items = plan.items.filter { $0.slot == slot }
                guard !items.isEmpty else { continue }
                lines.append(style == .markdown ? "## \(Self.name(slot))" : Self.name(slot))
                for item in items {
                    let minutes = item.action.minutes == 0 ? "" : " (\(item.action.minutes) min)"
                    lines.append(style == .markdown ? "- **\(item.action.title)**\(minutes)" : "  - \(item.action.title)\(minutes)")
                    lines.append(style == .markdown ? "  - because \(item.reasons.map(\.text).joined(separator: "; "))"
                                                    : "      because \(item.reasons.map(\.text).joined(separator: "; "))")
                    for (number, step) in item.action.steps.enumerated() {
                        lines.append(style == .markdown ? "  \(number + 1). \(step)" : "      \(number + 1). \(step)")
                    }
                }
                lines.append("")
            }
            if plan.items.isEmpty { lines += ["Nothing in particular today: keep doing what works for you.", ""] }
            lines.append("Total: \(plan.budgetUsed) of \(plan.budgetMinutes) minutes (\(Self.describe(plan.budgetSource, minutes: plan.budgetMinutes)))")
            let notAdvised = plan.removed.filter { !Self.isForLackOfTime($0.causes[0]) && $0.causes[0] != .safetyCard }
            if !notAdvised.isEmpty {
                lines.append("")
                lines.append(style == .markdown ? "## Not today" : "Not today")
                for removed in notAdvised {
                    lines.append((style == .markdown ? "- " : "  - ") + "\(removed.action.title): \(Self.describe(removed.causes[0]))")
                }
            }
            let noTime = plan.removed.filter { Self.isForLackOfTime($0.causes[0]) }
            if !noTime.isEmpty {
                lines.append("")
                lines.append("Also suggested, if you find the time: " + noTime.map { $0.action.title.lowercasedFirst }.joined(separator: ", ") + ".")
            }
            lines.append("")
        }
        if let profile = plan.profile { lines += render(profile) }
        let provenance = plan.provenance
        lines.append((style == .markdown ? "_" : "") + "Rule set \(provenance.ruleSet) \(provenance.ruleSetVersion) (\(Self.short(provenance.ruleSetHash)))"
                     + (style == .markdown ? "_" : ""))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan's alerts alone, most urgent first: what a check-in shows at once.
    public func renderAlerts(_ plan: Plan) -> String {
        plan.alerts.flatMap(render).joined(separator: "\n") + (plan.alerts.isEmpty ? "" : "\n")
    }

    /// Which facts came from the profile (with the day each was set) and which were too old to use.
    private func render(_ profile: Profile.Use) -> [String] {
        func name(_ fact: String) -> String { words?.name(fact) ?? fact }
        var lines: [String] = []
        if !profile.fromProfile.isEmpty {
            lines.append("From your profile: " + profile.fromProfile.keys.sorted().map { "\(name($0)) (updated \(profile.fromProfile[$0]!))" }
                .joined(separator: ", ") + ".")
        }
        for stale in profile.stale {
            lines.append("Not used: your profile's \(name(stale.fact)) was set on \(stale.since), more than \(stale.maxAgeDays) days ago. "
                         + "Update it with: steady profile --set \(stale.fact)=...")
        }
        return lines.isEmpty ? [] : lines + [""]
    }

    private func render(_ alert: PlanAlert) -> [String] {
        let heading = "\(Self.banner(alert.level)): \(alert.message)"
        var lines = style == .markdown ? ["> **\(heading)**"] : [String(repeating: "!", count: 72), "!! " + heading]
        if let action = alert.action {
            for step in action.steps {
                lines.append(style == .markdown ? "> - \(step)" : "!!   - \(step)")
            }
        }
        lines.append(style == .markdown ? "" : String(repeating: "!", count: 72))
        if style == .text { lines.append("") }
        return lines
    }

    /// The slots that hold items, in the plan's (the policy's) order.
    private func slots(_ plan: Plan) -> [CatalogAction.Slot] {
        var seen: [CatalogAction.Slot] = []
        for item in plan.items where !seen.contains(item.slot) { seen.append(item.slot) }
        return seen
    }

    /// The tier's heading, as plans and cards show it.
    public static func banner(_ level: Alert.Level) -> String {
        switch level {
        case .emergency: "URGENT — GET HELP NOW"
        case .crisis: "PLEASE REACH OUT NOW"
        case .urgent: "CALL YOUR CLINIC TODAY"
        case .clinician: "TELL YOUR CARE TEAM"
        }
    }

    /// A slot's name for people ("Morning").
    public static func name(_ slot: CatalogAction.Slot) -> String {
        switch slot {
        case .morning: "Morning"
        case .midday: "Midday"
        case .evening: "Evening"
        case .any: "Any time"
        }
    }

    /// True for causes that say nothing against the action, only that the day is full.
    static func isForLackOfTime(_ cause: RemovedAction.Cause) -> Bool {
        switch cause {
        case .overBudget, .overLimit: true
        default: false
        }
    }

    /// Where the budget came from, in plain words.
    static func describe(_ source: BudgetSource, minutes: Int) -> String {
        switch source {
        case .stated: "your \(minutes) available minutes"
        case .policyDefault: "the default of \(minutes) minutes"
        }
    }

    /// A removal cause in plain words.
    static func describe(_ cause: RemovedAction.Cause) -> String {
        switch cause {
        case .suppressed(_, _, let reason): return reason.text
        case .contraindicated(let condition, let reason, _): return reason ?? "not advised today (\(condition))"
        case .overBudget(let left): return "\(Self.overBudget.before)\(left)\(Self.overBudget.after)"
        case .overLimit(let maximum): return "\(Self.overLimit.before)\(maximum)\(Self.overLimit.after)"
        case .safetyCard: return "on hold: a safety alert comes first"
        case .groupTaken(let group, let action):
            return "the plan already has \(action.title.lowercasedFirst) (one \(group.replacingOccurrences(of: "_", with: " ")) item a day)"
        case .resting(let daysAgo, let restDays):
            return "resting: it was in your plan \(daysAgo == 1 ? "yesterday" : "\(daysAgo) days ago") (it rests \(restDays) day\(restDays == 1 ? "" : "s") for variety)"
        }
    }

    /// The words around the number of an over-budget and an over-limit cause.
    private static let overBudget: (before: StaticString, after: StaticString) = ("did not fit in the time left (", " min)")
    private static let overLimit: (before: StaticString, after: StaticString) = ("the plan already has ", " items")

    /// The words of a cause that holds a number, around the number: a batch's line writer,
    /// which writes one or two per plan, writes them without formatting a string. The words
    /// hold nothing JSON escapes.
    static func numbered(_ cause: RemovedAction.Cause) -> (before: StaticString, number: Int, after: StaticString)? {
        switch cause {
        case .overBudget(let left): (overBudget.before, left, overBudget.after)
        case .overLimit(let maximum): (overLimit.before, maximum, overLimit.after)
        default: nil
        }
    }

    /// `sha256:1234abcd…` for display.
    public static func short(_ hash: String) -> String {
        String(hash.prefix(19)) + "…"
    }
}

extension String {
    /// The string with its first letter in lower case ("Slow breathing" → "slow breathing").
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
