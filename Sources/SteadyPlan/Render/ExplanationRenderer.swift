import SteadyEngine
import SteadyRules

/// Who an explanation is for.
public enum Audience: String, Sendable, CaseIterable {
    /// Plain words: titles, reasons and rationales.
    case patient
    /// Rule ids, conditions with their values and thresholds, evidence.
    case clinician
    /// Everything: rule-set hash, firing numbers and strata, every fact's source.
    case auditor
}

/// Renders `why` and `why-not` explanations as text for one audience.
public struct ExplanationRenderer: Sendable {
    public let audience: Audience
    public let plan: Plan
    /// The patient's words for facts and values; without them, fact names and raw values.
    public let words: FactWords?

    public init(audience: Audience, plan: Plan, words: FactWords? = nil) {
        self.audience = audience
        self.plan = plan
        self.words = words
    }

    // MARK: - why

    public func render(_ why: Why) -> String {
        var lines = [header()].compactMap { $0 }
        let title = audience == .patient ? why.action.title : "\(why.action.title) [\(why.action.id)]"
        switch why.status {
        case .included(let item):
            let minutes = item.action.minutes == 0 ? "" : ", \(item.action.minutes) min"
            lines.append("\(title) is in today's plan (\(PlanRenderer.name(item.slot).lowercased())\(minutes)).")
            if audience != .patient { lines.append("priority \(item.priority); rules: \(item.rules.joined(separator: ", "))") }
            lines.append("Because \(item.reasons.map(\.text).joined(separator: "; ")).")
        case .alert(let alert):
            lines.append("\(title) is shown with a safety alert: \(alert.message)")
        case .removed(let removed):
            lines.append("\(title) was suggested but left out: \(removed.causes.map(PlanRenderer.describe).joined(separator: "; ")).")
            lines.append("It was suggested because \(removed.reasons.map(\.text).joined(separator: "; ")).")
        case .notRecommended:
            lines.append("\(title) is not in today's plan: no rule suggested it. Try: steady why-not \(why.action.id)")
        }
        if !why.derivations.isEmpty {
            lines.append("")
            lines.append(audience == .patient ? "How Steady got there:" : "Derivation:")
            for node in why.derivations { lines += render(node, depth: 1) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ node: DerivationNode, depth: Int) -> [String] {
        let indent = String(repeating: "  ", count: depth)
        var lines: [String] = []
        switch audience {
        case .patient:
            lines.append("\(indent)- \(node.rule.title)" + (node.rule.rationale.map { ": \($0)" } ?? ""))
            let inputs = node.inputs.filter { !$0.value.isUnknown }
            if !inputs.isEmpty {
                lines.append("\(indent)  you told Steady: " + inputs.map { input in
                    let told = words.map { "\($0.name(input.fact)) \($0.value(input.value, of: input.fact))" } ?? "\(input.fact) \(Self.plain(input.value))"
                    return told + (plan.profile?.fromProfile[input.fact].map { " (from your profile, updated \($0))" } ?? "")
                }.joined(separator: ", "))
            }
        case .clinician, .auditor:
            let firing = node.firing
            let prefix = audience == .auditor ? "#\(firing.index) stratum \(firing.stratum) " : ""
            lines.append("\(indent)- \(prefix)[\(node.rule.id)] \(node.rule.title)")
            let values = Dictionary(firing.values.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first })
            let history = Dictionary(node.history.map { ($0.expression, $0) }, uniquingKeysWith: { first, _ in first })
            for condition in node.rule.condition.roots {
                guard let value = values[condition.id] else { continue }
                let operands = condition.operands.compactMap { leaf in
                    history[leaf.text].map { "\(leaf.text) = \($0.displayValue)" } ?? values[leaf.id].map { "\(leaf.text) = \($0)" }
                }
                lines.append("\(indent)    when \(condition.text): \(value)" + (operands.isEmpty ? "" : "   (\(operands.joined(separator: ", ")))"))
            }
            if audience == .auditor {
                for read in node.firing.reads {
                    let source = plan.profile?.fromProfile[read.fact].map { "profile, updated \($0)" } ?? "\(read.provenance)"
                    lines.append("\(indent)    read \(read.fact) = \(read.value) [\(source)]")
                }
            }
            for read in node.history {
                let days = read.days.map(\.description).joined(separator: ", ")
                lines.append("\(indent)    " + (audience == .auditor
                    ? "read \(read.expression) = \(read.displayValue) [\(Provenance.history): \(days)]"
                    : "\(read.expression) read the check-ins of \(days.isEmpty ? "no day" : days)"))
            }
            for fact in node.matchedInputs {
                lines.append("\(indent)    \(fact.binding): \(fact.template) #\(fact.instance) \(Self.fields(fact.fields))"
                             + (audience == .auditor ? " [\(fact.provenance)]" : ""))
            }
            if !node.rule.evidence.isEmpty { lines.append("\(indent)    evidence: \(node.rule.evidence.map(\.description).joined(separator: "; "))") }
        }
        for child in node.children { lines += render(child, depth: depth + 1) }
        return lines
    }

    // MARK: - why-not

    public func render(_ whyNot: WhyNot) -> String {
        var lines = [header()].compactMap { $0 }
        let title = audience == .patient ? whyNot.action.title : "\(whyNot.action.title) [\(whyNot.action.id)]"
        if let item = whyNot.included {
            lines.append("\(title) is in today's plan (\(PlanRenderer.name(item.slot).lowercased())). Try: steady why \(whyNot.action.id)")
            return lines.joined(separator: "\n") + "\n"
        }
        if let removed = whyNot.removed {
            lines.append("\(title) was suggested but left out of today's plan:")
            for cause in removed.causes { lines.append("  - " + describe(cause)) }
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("\(title) is not in today's plan: no rule suggested it today.")
        if whyNot.candidates.isEmpty {
            lines.append("No rule in the rule set suggests it.")
        }
        for candidate in whyNot.candidates {
            let changes = candidate.failures.flatMap(\.changes)
            switch audience {
            case .patient:
                lines.append("- \(candidate.rule.title): it would be suggested if " + Self.list(candidate.failures.flatMap(\.plainChanges).uniqued()) + ".")
            case .clinician, .auditor:
                lines.append("- [\(candidate.rule.id)] \(candidate.rule.title)")
                for failure in candidate.failures {
                    lines.append("    fails: \(failure.condition) = \(failure.value)")
                    for operand in failure.operands {
                        lines.append("      \(operand.text) = \(operand.value)")
                    }
                }
                lines.append("    would hold if " + Self.list(changes))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ cause: RemovedAction.Cause) -> String {
        switch (audience, cause) {
        case (.patient, _): PlanRenderer.describe(cause)
        case (_, .suppressed(let rule, let firing, let reason)):
            "suppressed by [\(rule)]" + (audience == .auditor ? " (firing #\(firing))" : "") + ": \(reason)"
        case (_, .contraindicated(let condition, let reason, let values)):
            "contraindicated: \(condition)" + (reason.map { " (\($0))" } ?? "") + " — "
                + values.map { "\($0.text) = \($0.value)" }.joined(separator: ", ")
        default: PlanRenderer.describe(cause)
        }
    }

    // MARK: - Helpers

    private func header() -> String? {
        guard audience == .auditor else { return nil }
        let p = plan.provenance
        return "rule set \(p.ruleSet) \(p.ruleSetVersion) \(p.ruleSetHash)\ncatalog \(p.catalog) \(p.catalogVersion) \(p.catalogHash)\n"
            + "policy \(p.policy) \(p.policyVersion); date \(plan.date?.description ?? "unknown")\n"
    }

    private static func plain(_ value: Value) -> String {
        switch value {
        case .string(let text): text
        case .set(let items): items.isEmpty ? "none" : items.joined(separator: ", ")
        default: value.description
        }
    }

    private static func fields(_ fields: [String: Value]) -> String {
        "{" + fields.keys.sorted().map { "\($0): \(fields[$0]!)" }.joined(separator: ", ") + "}"
    }

    private static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: "nothing changed"
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in their first order.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
