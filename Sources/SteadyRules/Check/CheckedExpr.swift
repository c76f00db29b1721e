/// A type-checked expression: names resolved to facts, fields and bindings, every node typed.
/// Each node keeps an `id` (pre-order, unique within its rule) and its source `text`, so a
/// trace can report the value of every sub-expression as `stress (8) >= 7`.
public struct CheckedExpr: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case constant(Value)
        /// A single fact by full name (`stress`, `work.context`, `high_stress_day`).
        case fact(String)
        /// A field of the instance bound by pattern number `binding` in the rule.
        case field(binding: Int, name: String)
        case arithmetic(BinaryOperator, CheckedExpr, CheckedExpr)
        case negate(CheckedExpr)
        case compare(BinaryOperator, CheckedExpr, CheckedExpr)
        case and([CheckedExpr])
        case or([CheckedExpr])
        case not(CheckedExpr)
        /// `element in collection` (a set fact or a list literal).
        case contains(element: CheckedExpr, collection: CheckedExpr, negated: Bool)
        /// `value in low..high`, inclusive.
        case between(CheckedExpr, low: CheckedExpr, high: CheckedExpr, negated: Bool)
        case list([CheckedExpr])
        /// `known(x)`: true when `x` has a value.
        case known(CheckedExpr)
        /// A history function over past check-ins; `window` in days (nil for `streak`).
        case history(HistoryFunction, CheckedExpr, window: Int?)
        /// Whole days from a date to the state's date.
        case daysSince(CheckedExpr)
        /// `suggested("walking", 3d)` or `done("walking", 7d)`: the action was in the plan of,
        /// or marked done on, one of the `window` days before today.
        case pastAction(ActionEvent, action: String, window: Int)
        /// `exists b: template where filter`; `binding` numbers the instance inside `filter`.
        case exists(template: String, binding: Int, filter: CheckedExpr?)
        /// `if condition then value else other`: unknown when the condition is, unless both
        /// branches have the same value.
        case conditional(CheckedExpr, then: CheckedExpr, else: CheckedExpr)
        /// `size(triggers)`: how many values a set or a list holds.
        case size(CheckedExpr)
        /// `contains(note, "neck")`, `starts_with(…)`, `ends_with(…)`: a test on text.
        case text(TextFunction, CheckedExpr, CheckedExpr)
    }

    public let id: Int
    public let kind: Kind
    public let type: SteadyType
    public let text: String
}

/// What can have happened to an action on an earlier day: each is a function of the language
/// (`suggested("walking", 3d)`, `done("walking", 7d)`).
public enum ActionEvent: String, Sendable, Hashable, CaseIterable {
    /// The action was in that day's plan.
    case suggested
    /// The patient marked the action done on that day's plan.
    case done
}

/// The tests on text (a string or an enum value), case-sensitive, as in CEL.
public enum TextFunction: String, Sendable, Hashable, CaseIterable {
    case contains
    case startsWith = "starts_with"
    case endsWith = "ends_with"
}

/// The functions over the history of check-ins.
public enum HistoryFunction: String, Sendable, Hashable, CaseIterable {
    case avg, min, max, count, trend, streak
}
