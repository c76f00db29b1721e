/// A loaded and checked rule set: its schema and rules, sorted by id so that nothing depends
/// on the order of files or of rules within them.
public struct RuleSet: Sendable, Hashable {
    public let name: String
    public let version: String
    public let schema: Schema
    public let rules: [Rule]
    /// Rule ids in evaluation order: each stratum's rules read only facts derived in earlier
    /// strata or, positively, in their own (see `Stratifier`).
    public let strata: [[String]]
    /// The paths of the files it was loaded from, sorted.
    public let files: [String]
    /// `sha256:` hash of the files' texts, independent of file order and location.
    public let contentHash: String
    /// The tests written in the rule files, in file order.
    public let tests: [RuleTest]
    /// Rules of imported layers that a later layer disabled, by id.
    public let disabled: [DisabledRule]

    /// The rule with `id`, if any (a binary search: `rules` is sorted by id).
    public func rule(_ id: String) -> Rule? { rules.sortedElement(\.id, equalTo: id) }
}
