/// Errors a run can end with.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// More firings than the limit: the named rules were firing most, probably in a loop.
    case firingLimit(limit: Int, rules: [String])
    /// An input names a fact or template the rule set does not declare, or a derived one.
    case unknownInput(String)
    /// Matching examined more candidate instances than the limit: the rule's patterns multiply.
    case workLimit(limit: Int, rule: String)

    public var description: String {
        switch self {
        case .firingLimit(let limit, let rules):
            "stopped after \(limit) rule firings; these rules kept firing: \(rules.joined(separator: ", ")) (a loop?)"
        case .workLimit(let limit, let rule):
            "stopped after examining \(limit) candidate matches; rule '\(rule)' combines patterns that nothing relates "
                + "(add a condition joining them, or filter each pattern)"
        case .unknownInput(let name):
            "'\(name)' is not an input fact of this rule set"
        }
    }
}
