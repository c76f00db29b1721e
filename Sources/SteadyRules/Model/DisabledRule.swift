/// A rule a later layer switched off with `disable:`: kept by id, with what it would have
/// done, so the tests written for it can be reported as skipped (with this reason) rather than
/// failing.
public struct DisabledRule: Sendable, Hashable {
    public let id: String
    /// The rule set (layer) whose `disable:` names it.
    public let disabledBy: String
    /// The action ids it recommends by name (computed ids are not known before a run).
    public let recommends: [String]
    /// The alert levels it raises.
    public let alerts: [Alert.Level]
    /// The facts it derives.
    public let derives: [String]
}
