import SteadyRules

/// The facts a run starts from: single facts by name and instances of templates.
///
/// ```swift
/// var facts = FactBase()
/// facts["stress"] = .integer(8)
/// facts.add("trigger", ["name": .string("deadline"), "active": .bool(true)])
/// ```
public struct FactBase: Sendable, Hashable {
    public var values: [String: Value] = [:]
    public var instances: [String: [[String: Value]]] = [:]
    public var today: Day?
    /// Earlier check-ins' input values by day, for the history functions (`avg(stress, 7d)`).
    public var history: [Day: [String: Value]] = [:]
    /// The actions of earlier days' plans by day, for `suggested("walking", 3d)` and resting actions.
    public var suggested: [Day: Set<String>] = [:]
    /// The actions the patient marked done on earlier days' plans, by day, for `done("walking", 7d)`.
    public var done: [Day: Set<String>] = [:]

    public init(values: [String: Value] = [:], instances: [String: [[String: Value]]] = [:], today: Day? = nil,
                history: [Day: [String: Value]] = [:], suggested: [Day: Set<String>] = [:], done: [Day: Set<String>] = [:]) {
        self.values = values
        self.instances = instances
        self.today = today
        self.history = history
        self.suggested = suggested
        self.done = done
    }

    /// The actions `event` happened to, by day: ``suggested`` or ``done``.
    public func actions(_ event: ActionEvent) -> [Day: Set<String>] {
        switch event {
        case .suggested: suggested
        case .done: done
        }
    }

    public subscript(name: String) -> Value? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public mutating func add(_ template: String, _ fields: [String: Value]) {
        instances[template, default: []].append(fields)
    }
}
