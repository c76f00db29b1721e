/// A test written next to the rules (`tests:` in a rule file): a state and what the rules and
/// the plan must make of it. `steady test` runs them.
///
/// ```yaml
/// tests:
///   - name: a stressful desk day
///     state: {date: 2026-11-24, stress: 8, work: {context: desk_office, workday: true}}
///     expect:
///       actions: [breathing_diaphragmatic]      # in the plan
///       absent: [yoga_or_tai_chi_gentle]        # not in the plan
///       fired: [high-stress-day]
///       derived: {high_stress_day: true}
/// ```
public struct RuleTest: Sendable, Hashable {
    public let name: String
    /// The state, as written (read against the schema when the test runs, so its errors point
    /// into the rule file).
    public let state: YAMLNode
    /// Earlier check-ins (a list of states with dates), for history functions.
    public let history: YAMLNode?
    public let expect: Expectations
    /// Where the test starts.
    public let span: SourceSpan

    /// What a test expects. Every list is optional; an empty `alerts` list expects none.
    public struct Expectations: Sendable, Hashable {
        /// Actions that must be in the plan.
        public var actions: [String] = []
        /// Actions that must not be in the plan.
        public var absent: [String] = []
        /// Actions some rule must recommend (before plan assembly).
        public var recommended: [String] = []
        /// The plan's alert levels, exactly, most urgent first (nil: not checked).
        public var alerts: [Alert.Level]?
        /// Derived facts and their expected values, as written.
        public var derived: [DerivedValue] = []
        public var fired: [String] = []
        public var notFired: [String] = []
        /// Actions that must appear in the plan in this relative order.
        public var order: [String] = []

        public init() {}
    }

    /// An expected derived fact: its name, and its value as written.
    public struct DerivedValue: Sendable, Hashable {
        public let fact: String
        public let value: YAMLNode
        /// Where the fact's name is written.
        public let span: SourceSpan
    }
}
