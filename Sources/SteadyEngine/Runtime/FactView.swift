import SteadyRules

/// An immutable view of a session's facts at one moment (usually the fixpoint of a run):
/// today's single facts and instances, earlier check-ins, earlier plans' actions and the
/// actions marked done. It can
/// evaluate any expression of the rule set's schema with the reference interpreter, which is
/// all plan assembly and explanations need — they never reach into a live ``Session``.
///
/// ```swift
/// let run = try session.run()
/// let facts = session.view()
/// let (value, values) = facts.evaluate(contraindication.condition)
/// ```
public struct FactView: Sendable {
    /// The values, in one object: the interpreter copies its context at every step, and a copy
    /// of this view costs one retain.
    final class Storage: Sendable {
        let slots: SlotTable
        let facts: [Value]
        let instances: [[FactInstance]]
        let pastFacts: [Int: [Value]]
        let pastActions: [ActionEvent: [Int: Set<String>]]
        let historyDays: Int
        let todayNumber: Int?

        init(slots: SlotTable, facts: [Value], instances: [[FactInstance]], pastFacts: [Int: [Value]],
             pastActions: [ActionEvent: [Int: Set<String>]], historyDays: Int, todayNumber: Int?) {
            (self.slots, self.facts, self.instances, self.pastFacts) = (slots, facts, instances, pastFacts)
            (self.pastActions, self.historyDays, self.todayNumber) = (pastActions, historyDays, todayNumber)
        }
    }

    let storage: Storage

    init(slots: SlotTable, facts: [Value], instances: [[FactInstance]], pastFacts: [Int: [Value]],
         pastActions: [ActionEvent: [Int: Set<String>]], historyDays: Int, todayNumber: Int?) {
        storage = Storage(slots: slots, facts: facts, instances: instances, pastFacts: pastFacts, pastActions: pastActions,
                          historyDays: historyDays, todayNumber: todayNumber)
    }

    /// The facts in `memory` now.
    init(_ memory: WorkingMemory, slots: SlotTable) {
        self.init(slots: slots, facts: memory.facts, instances: memory.instances, pastFacts: memory.pastFacts,
                  pastActions: memory.pastActions, historyDays: memory.historyDays, todayNumber: memory.today)
    }

    var slots: SlotTable { storage.slots }
    var facts: [Value] { storage.facts }
    var instances: [[FactInstance]] { storage.instances }
    var pastFacts: [Int: [Value]] { storage.pastFacts }
    var pastActions: [ActionEvent: [Int: Set<String>]] { storage.pastActions }
    var todayNumber: Int? { storage.todayNumber }
    /// How many days back the history reaches.
    public var historyDays: Int { storage.historyDays }

    /// Today's date, when the state gave one.
    public var today: Day? { todayNumber.map(Day.init) }

    /// The value of a single fact, or nil when the schema has no such fact.
    public func value(of fact: String) -> Value? {
        // Through the storage's fields: a copy of the whole slot table counts a reference per table.
        storage.slots.slotOf[fact].map { storage.facts[$0] }
    }

    /// How many days ago `action` was last in a plan (within the history given), if it was.
    public func daysSinceSuggested(_ action: String) -> Int? {
        pastActions[.suggested]?.filter { $0.value.contains(action) }.keys.min()
    }

    /// The dates of the earlier check-ins the history functions can read, oldest first.
    public var historyDates: [Day] {
        guard let todayNumber else { return [] }
        return pastFacts.keys.sorted(by: >).map { Day(todayNumber - $0) }
    }

    /// Evaluates `expr` (with pattern variables bound to `bindings`), returning its value and
    /// every sub-expression's value in pre-order.
    public func evaluate(_ expr: CheckedExpr, bindings: [Int: [String: Value]] = [:]) -> (value: Value, values: [ExpressionValue]) {
        let recording = ExpressionRecording()
        let value = Interpreter(context: Context(view: self), bindings: bindings, recording: recording).evaluate(expr)
        return (value, Self.flatten([expr], recording))
    }

    /// Whether `expr` is true (not false, not unknown), evaluated without recording the
    /// values of its sub-expressions.
    public func holds(_ expr: CheckedExpr) -> Bool {
        Interpreter(context: Context(view: self)).evaluate(expr) == .bool(true)
    }

    /// The fields of every instance of `template`, by name.
    public func instances(of template: String) -> [[String: Value]] {
        guard let index = slots.templateIndex[template] else { return [] }
        return instances[index].map { fields(of: $0) }
    }

    func fields(of instance: FactInstance) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: zip(slots.fields[instance.template], instance.fields))
    }

    /// The recorded values of `roots` and their sub-expressions, root by root, each in
    /// pre-order: `recording` holds exactly the evaluations of `roots`, in this order.
    static func flatten(_ roots: [CheckedExpr], _ recording: ExpressionRecording) -> [ExpressionValue] {
        // The entries are in that order already, unless a node was evaluated twice.
        guard recording.isPreorder else { return walk(roots, recording) }
        return recording.values
    }

    /// ``flatten(_:_:)`` by walking the expressions: each evaluated node once, with its last value.
    static func walk(_ roots: [CheckedExpr], _ recording: ExpressionRecording) -> [ExpressionValue] {
        var flat: [ExpressionValue] = []
        func visit(_ expr: CheckedExpr) {
            guard let value = recording.value(of: expr.id) else { return }
            flat.append(ExpressionValue(id: expr.id, text: expr.text, value: value))
            expr.forEachChild(visit)
        }
        roots.forEach(visit)
        return flat
    }

    /// The interpreter's view of these facts: today's, or an earlier day's.
    struct Context: EvaluationContext {
        let view: FactView
        var daysAgo = 0

        func fact(_ name: String) -> Value {
            guard let slot = view.slots.slotOf[name] else { return .unknown(reason: name) }
            guard daysAgo > 0 else { return view.facts[slot] }
            return view.pastFacts[daysAgo]?[slot] ?? .unknown(reason: name)
        }

        func checkIn(daysAgo: Int) -> Context? {
            view.pastFacts[daysAgo] == nil ? nil : Context(view: view, daysAgo: daysAgo)
        }

        var historyDays: Int { view.historyDays }

        func happened(_ event: ActionEvent, to action: String, daysAgo: Int) -> Bool {
            view.pastActions[event]?[self.daysAgo + daysAgo]?.contains(action) == true
        }

        func instances(of template: String) -> [[String: Value]] { view.instances(of: template) }

        var today: Day? { view.today }
    }
}
