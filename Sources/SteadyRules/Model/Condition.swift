/// A rule's checked `when`: an ordered list of elements that must all hold. A pattern element
/// binds each instance of a multi-instance fact (a join when there are several); a test is a
/// boolean expression over facts and the bindings before it.
public struct Condition: Sendable, Hashable {
    public enum Element: Sendable, Hashable {
        /// `name: template where filter`; `binding` numbers the variable within the rule.
        case pattern(binding: Int, name: String, template: String, filter: CheckedExpr?)
        case test(CheckedExpr)
    }

    public let elements: [Element]

    public init(elements: [Element]) {
        self.elements = elements
    }

    /// The condition that always holds (a rule with no `when`).
    public static let always = Condition(elements: [])
}

extension Condition {
    /// The top-level expressions of the condition: its tests and its patterns' filters.
    public var roots: [CheckedExpr] {
        elements.compactMap { element in
            switch element {
            case .test(let expr): expr
            case .pattern(_, _, _, let filter): filter
            }
        }
    }

    /// The variable names its patterns bind, in order.
    public var patternNames: [String] {
        elements.compactMap { element in
            if case .pattern(_, let name, _, _) = element { name } else { nil }
        }
    }
}
