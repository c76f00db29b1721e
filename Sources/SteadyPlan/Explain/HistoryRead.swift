import SteadyEngine
import SteadyRules

/// What a history function in a fired rule's condition computed, and from which days:
/// `trend(pain, 7d) = 0.5 per day` over the check-ins of 2026-11-20 … 2026-11-24.
public struct HistoryRead: Sendable, Hashable {
    /// The function call as written (`trend(pain, 7d)`).
    public let expression: String
    public let value: Value
    /// How to read the number: `days` (count, streak), the argument's unit (avg, min, max:
    /// `h`), or `per day` (trend, with the unit when there is one).
    public let unit: String?
    /// The days whose check-ins it read (today included), oldest first.
    public let days: [Day]

    /// `0.5 per day`, `3 days`, `5.4 h`: the value rounded to two decimals, with its unit.
    public var displayValue: String {
        let number: String = switch value {
        case .number(let x) where abs(x) < 1e15: x == x.rounded() ? String(Int(x)) : String((x * 100).rounded() / 100)
        default: value.description
        }
        return unit.map { "\(number) \($0)" } ?? number
    }
}

extension Explainer {
    /// The history functions of `firing`'s condition (outermost ones), each with its value and
    /// the days it read.
    func historyReads(of firing: Firing, rule: Rule) -> [HistoryRead] {
        let values = Dictionary(firing.values.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first })
        var reads: [HistoryRead] = []
        func walk(_ expr: CheckedExpr) {
            guard case .history(let function, let argument, let window) = expr.kind else {
                expr.forEachChild(walk)
                return
            }
            guard let value = values[expr.id], !reads.contains(where: { $0.expression == expr.text }) else { return }
            reads.append(HistoryRead(expression: expr.text, value: value, unit: unit(function, argument), days: days(function, window, value)))
        }
        rule.condition.roots.forEach(walk)
        return reads
    }

    private func unit(_ function: HistoryFunction, _ argument: CheckedExpr) -> String? {
        let unit: String? = if case .fact(let name) = argument.kind { ruleSet.schema.facts[name]?.unit } else { nil }
        return switch function {
        case .count, .streak: "days"
        case .trend: unit.map { "\($0) per day" } ?? "per day"
        case .avg, .min, .max: unit
        }
    }

    /// The check-in days a function read: today and the earlier check-ins in its window (for
    /// `streak`, the days of the streak).
    private func days(_ function: HistoryFunction, _ window: Int?, _ value: Value) -> [Day] {
        guard let today = facts.today else { return [] }
        let earlier = facts.historyDates.filter { day in
            let daysAgo = today.daysSinceEpoch - day.daysSinceEpoch
            if function == .streak, case .integer(let length) = value { return daysAgo < length }
            return daysAgo < HistoryAggregate.days(window, available: facts.historyDays)
        }
        return function == .streak && value == .integer(0) ? [] : earlier + [today]
    }
}
