/// A text a rule wrote — a recommendation's reason, a suppression's reason, an alert's message —
/// as its template (the rule and the effect's position in its `then`) with the values its
/// placeholders took, and the text they make. A stored plan keeps the template and values; the
/// text is their rendering.
///
/// ```swift
/// // reason: "stress {stress}/10" in the first effect of rule high-stress-breathing
/// Reason(rule: "high-stress-breathing", effect: 0, values: ["8"], text: "stress 8/10")
/// ```
///
/// A run keeps a reason as its template — the rule, the effect's position and the literal pieces,
/// one object shared by every firing of the effect — and the values, and renders the text only
/// when asked: most of a batch's reasons are only written, and ``forEachPart(_:)`` writes them
/// without making the text. A copy of a reason counts two references (its template and its
/// values), where three strings and arrays of its own would count three.
public struct Reason: Sendable, Hashable, CustomStringConvertible {
    /// What every reason one effect of one rule writes has in common.
    package final class Template: Sendable {
        let rule: String
        /// The effect's position in the rule's `then` (0-based).
        let effect: Int
        /// The template's literal text around its placeholders — `pieces[i]` before `values[i]`,
        /// the last after them all — or, for a reason made from its text, that text alone.
        package let pieces: [String]
        /// The effect's place among every effect of the compiled rule set that made it
        /// (``CompiledRuleSet/reasonTemplates``), or -1 for a reason made from its text.
        package let number: Int

        init(rule: String, effect: Int, pieces: [String], number: Int = -1) {
            (self.rule, self.effect, self.pieces, self.number) = (rule, effect, pieces, number)
        }
    }

    /// Shared by every reason of one rule effect of one compiled rule set (a writer can tell
    /// reasons of a template it prepared for by its identity).
    package let template: Template
    /// Each placeholder's value, in order, as the text shows it.
    public let values: [String]

    public var rule: String { template.rule }
    /// The effect's position in the rule's `then` (0-based).
    public var effect: Int { template.effect }
    private var pieces: [String] { template.pieces }

    public init(rule: String, effect: Int, values: [String], text: String) {
        template = Template(rule: rule, effect: effect, pieces: [text])
        self.values = values
    }

    /// A reason from its template, whose pieces are one more than `values`.
    init(_ template: Template, values: [String]) {
        precondition(template.pieces.count == values.count + 1, "a template has a piece before each value and one after them all")
        self.template = template
        self.values = values
    }

    /// The text: the template's pieces with the values in their places.
    public var text: String {
        guard pieces.count > 1 else { return pieces[0] }
        var text = ""
        forEachPart { text += $0 }
        return text
    }

    /// Calls `body` with the parts of ``text`` in order (the template's pieces and the
    /// values), so the text can be written without being made.
    public func forEachPart(_ body: (String) -> Void) {
        let pieces = template.pieces
        body(pieces[0])
        guard pieces.count > 1 else { return }
        for index in values.indices {
            body(values[index])
            body(pieces[index + 1])
        }
    }

    public var description: String { text }

    /// Whether `other` reads the same as this reason: the same template and values do without
    /// rendering either.
    public func hasSameText(as other: Reason) -> Bool {
        ((template === other.template || pieces == other.pieces) && values == other.values) || text == other.text
    }

    /// Reasons are equal when their rules, effects, values and texts are: a reason made from
    /// its text equals the one its template renders to.
    public static func == (left: Reason, right: Reason) -> Bool {
        left.rule == right.rule && left.effect == right.effect && left.values == right.values && left.hasSameText(as: right)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(effect)
        hasher.combine(values)
    }
}
