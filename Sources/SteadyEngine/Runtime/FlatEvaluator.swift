import Foundation
import SteadyRules

/// The Session's semantics specialised for rule sets that need no truth maintenance — every
/// stratum's conditions settled when the stratum starts (no stratum reads what it derives),
/// and each rule a conjunction of tests with at most one pattern — with no per-state
/// allocation beyond the result and no bookkeeping for withdrawals. The shipped rule base and
/// its clinic layers have this shape; the planner makes every plan with it that it can (batch
/// lines, plans alone, and explained plans through ``explainedRun(_:scratch:)``), and falls
/// back to a ``Session`` for the rest.
///
/// In such a rule set the session's agenda fires each stratum's matches in rule-number order,
/// a pattern's matches in instance order, each once and none withdrawn; a derived fact takes
/// the value of its first firing, and a derived instance equal to an earlier one is that one
/// (docs/engine.md, "The flat run").
/// ``run(slots:today:scratch:)`` does exactly that, numbering firings as the session does, so a plan
/// assembled from it is the session's plan. When only the recommended ids are wanted and no
/// rule has a pattern, a derived instance or a computed id, ``recommended(slots:today:scratch:)``
/// goes further: since the result is a set, only the first rule to fire for each target — an
/// action, or a derived fact — matters, so it goes through each stratum's rules target by
/// target and stops at the first that fires. Property tests keep both equal to the session.
public final class FlatEvaluator: Sendable {
    let network: CompiledRuleSet
    /// Action ids any rule can recommend — its fixed ids and the values a computed id can take —
    /// sorted: recommended ids are collected by their index here, and come out sorted without
    /// comparing strings. A run's ``ActionIDs`` give positions in this table.
    public let recommendable: ActionIDs.Table
    /// The ids of ``recommendable``.
    var actions: [String] { recommendable.ids }
    /// The index of each id in ``actions``.
    let actionIndex: [String: Int]
    /// Every rule as the run loop reads it.
    fileprivate let steps: Steps
    /// The rules grouped by target for recommended ids alone, when the rule set allows.
    private let program: Program?
    /// Each alpha test, in a shape evaluated without calling a closure where it can be.
    private let tests: FlatTests
    /// The most firings and matched candidates a run may make before the session must take
    /// over (to stop with its error).
    let firingLimit: Int, workLimit: Int

    /// Nil when the rule set has a shape this evaluator does not cover.
    public init?(_ network: CompiledRuleSet, firingLimit: Int = Session.defaultFiringLimit,
                 workLimit: Int = Session.defaultWorkLimit) {
        guard !network.recursive.contains(true), network.rules.allSatisfy({ $0.patterns.count <= 1 }) else { return nil }
        // Grouped by target, each rule fires at most once: within the firing limit if the rules are.
        var effects: [[Program.Effect]]? = network.rules.count <= firingLimit ? [] : nil
        for rule in network.rules where effects != nil {
            var ruleEffects: [Program.Effect] = []
            for effect in rule.effects {
                switch effect {
                case .deriveSlot(let slot, let value): ruleEffects.append(.derive(slot: slot, value: value))
                case .recommend(.fixed(let action), _, _): ruleEffects.append(.recommend(action))
                case .deriveInstance, .recommend(.computed, _, _): effects = nil
                case .suppress, .alert: break
                }
            }
            if !rule.patterns.isEmpty { effects = nil }
            effects?.append(ruleEffects)
        }
        self.network = network
        self.firingLimit = firingLimit
        self.workLimit = workLimit
        var possible: Set<String> = []
        for rule in network.rules {
            for case .recommend(let recommendation) in rule.rule.effects { possible.formUnion(recommendation.action.possibleIDs) }
        }
        let actions = possible.sorted(), actionIndex = Dictionary(uniqueKeysWithValues: actions.enumerated().map { ($1, $0) })
        (self.actionIndex, recommendable) = (actionIndex, ActionIDs.Table(actions))
        program = effects.map { Program(strata: network.strata, tests: network.rules.map(\.tests), effects: $0, actionIndex: actionIndex) }
        steps = Steps(network, actionIndex: actionIndex)
        tests = FlatTests(network.alphaTests, unrolled: steps.unrolledTests, slots: network.slots)
    }

    /// What one worker reuses from state to state.
    public final class Scratch {
        let memory: WorkingMemory
        let slots: SlotTable
        /// Per alpha test: 0 not evaluated yet, 1 true, 2 false or unknown.
        let tests: UnsafeMutableBufferPointer<UInt8>
        /// Per slot: whether a rule derived it already.
        let derived: UnsafeMutableBufferPointer<Bool>
        /// Per action (as in ``FlatEvaluator/actions``): whether a rule recommended it.
        let recommended: UnsafeMutableBufferPointer<Bool>
        /// Per template with at least ``Scratch/scanned`` instances: their field values.
        @exclusivity(unchecked) var derivedValues: [Set<[Value]>]
        /// Instances a look-up for an equal one scans before it hashes.
        static let scanned = 16
        /// Per pattern being matched: the positions of the instances that pass its filter.
        @exclusivity(unchecked) var candidates: [Int] = []
        /// Per constant instance (as ``Steps/constants`` numbers them): whether it is in memory.
        let derivedConstants: UnsafeMutableBufferPointer<Bool>
        /// Per template: how many constant instances of it are in memory.
        let constantCount: UnsafeMutableBufferPointer<Int32>
        /// The constant instances in memory, in instance order, each template's from
        /// ``Steps/orderStart``: each one's place among its template's constants.
        let constantOrder: UnsafeMutableBufferPointer<Int32>
        /// When a run is to be explained: each firing's rule number and the position of the
        /// instance its pattern matched (-1 without a pattern), in firing order.
        @exclusivity(unchecked) var firings: [(rule: Int, instance: Int)]?
        /// The last run's plan effects, which its result holds too: once the result is done with,
        /// the next run takes the array back rather than allocating a plan's few dozen effects anew.
        @exclusivity(unchecked) var effects: [PlanEffect] = []

        init(_ evaluator: FlatEvaluator) {
            let network = evaluator.network
            slots = network.slots
            memory = WorkingMemory(facts: [], templates: network.slots.templates.count, bindings: network.bindingCount, today: nil)
            tests = .allocate(capacity: evaluator.tests.count)
            derived = .allocate(capacity: network.slots.names.count)
            recommended = .allocate(capacity: evaluator.actions.count)
            derivedValues = Array(repeating: [], count: network.slots.templates.count)
            derivedConstants = .allocate(capacity: evaluator.steps.constants.count)
            constantCount = .allocate(capacity: network.slots.templates.count)
            constantOrder = .allocate(capacity: evaluator.steps.constants.count)
        }

        deinit {
            tests.deallocate()
            derived.deallocate()
            recommended.deallocate()
            derivedConstants.deallocate()
            constantCount.deallocate()
            constantOrder.deallocate()
        }

        /// Whether an instance of `template` with field values `values` is in memory already
        /// (a later derivation of it is that instance).
        func hasInstance(_ values: [Value], of template: Int) -> Bool {
            let instances = memory.instances[template]
            if instances.count < Self.scanned { return instances.contains { $0.fields == values } }
            if derivedValues[template].isEmpty { derivedValues[template] = Set(instances.map(\.fields)) }
            return !derivedValues[template].insert(values).inserted
        }

        /// An array to read the next state into (``SlotReader/read(_:in:into:)`` sets every
        /// slot): the last state's facts, taken back when no one else holds them, so that a batch
        /// does not allocate and copy the slot values afresh for every line; `initial` when there
        /// are none of the same size.
        public func reusedSlots(orInitial initial: [Value]) -> [Value] {
            let slots = memory.facts
            memory.facts = []
            return slots.count == initial.count ? slots : initial
        }

        /// Starts a state: input values by slot, the day, and earlier days' facts from `history`.
        func load(_ values: consuming [Value], today: Int?, history: FactBase?) {
            memory.facts = values
            memory.today = today
            memory.pastFacts.removeAll()
            memory.pastActions.removeAll()
            memory.historyDays = 0
            if let history { memory.loadHistory(history, slots: self.slots) }
            tests.update(repeating: 0)
            derived.update(repeating: false)
            derivedConstants.update(repeating: false)
            constantCount.update(repeating: 0)
        }
    }

    public func makeScratch() -> Scratch { Scratch(self) }

    /// The ids of the rules whose pattern is unrolled over a table of constants, in agenda order.
    var unrolledRules: [String] {
        steps.steps.filter { $0.unrolled >= 0 }.map { network.rules[Int($0.rule)].rule.id }
    }

    // MARK: - Every firing

    /// What a run gave: what the plan needs of its firings, and the facts at the fixpoint.
    public struct Result {
        /// The recommendations, suppressions and alerts, in firing order, numbered as the session numbers its firings.
        public let effects: [PlanEffect]
        /// The facts at the fixpoint, for plan assembly.
        public let facts: FactView
        /// The ids of the recommended actions (before plan assembly), sorted and unique.
        public let recommendedActions: ActionIDs
    }

    /// Runs the rules on the state in `slots` (input values by slot, the rest as
    /// ``SlotTable/initialValues`` gives them) on day `today`; nil when the run would pass the
    /// firing or work limit (a session then stops with the error).
    public func run(slots: consuming [Value], today: Int?, scratch: Scratch) -> Result? {
        scratch.load(slots, today: today, history: nil)
        return planRun(scratch)
    }

    /// Runs the rules on `facts`, earlier check-ins and plans included; nil when the facts
    /// hold instances of a multi-instance input fact or name an unknown fact (a session
    /// handles them), or the run would pass a limit.
    public func run(_ facts: FactBase, scratch: Scratch) -> Result? {
        guard load(facts, into: scratch) else { return nil }
        return planRun(scratch)
    }

    /// Loads `facts` into `scratch`; false when they hold instances of a multi-instance input
    /// fact or name an unknown fact (a session handles them).
    func load(_ facts: FactBase, into scratch: Scratch) -> Bool {
        guard facts.instances.isEmpty else { return false }
        let table = network.slots
        var slots = table.initialValues
        for (name, value) in facts.values {
            guard let slot = table.slotOf[name], table.derivedDefault[slot] == nil else { return false }
            slots[slot] = value
        }
        scratch.load(slots, today: facts.today?.daysSinceEpoch, history: facts)
        return true
    }

    /// The run of the state loaded in `scratch`, with every plan effect.
    func planRun(_ scratch: Scratch) -> Result? {
        guard let fired = fixpoint(scratch, onlyRecommended: false) else { return nil }
        return Result(effects: fired.effects, facts: FactView(scratch.memory, slots: network.slots), recommendedActions: fired.recommended)
    }

    /// Fires every match, stratum by stratum, as the session's agenda would, and gives every
    /// plan effect and the recommended ids (sorted, unique) — or, with `onlyRecommended`, only
    /// the ids (no reasons rendered, no suppressions or alerts). Nil when the run would pass
    /// the firing or work limit.
    private func fixpoint(_ scratch: Scratch, onlyRecommended: Bool) -> (effects: [PlanEffect], recommended: ActionIDs)? {
        var effects: [PlanEffect] = [], computed: [String] = []
        if !onlyRecommended {
            // The last run's array, emptied: its storage is reused when that run's result no longer
            // holds it (a new one is made when it does). Sized for a plan's usual few dozen effects.
            swap(&effects, &scratch.effects)
            effects.removeAll(keepingCapacity: true)
            effects.reserveCapacity(64)
        }
        scratch.recommended.update(repeating: false)
        // Locals, so that reading them in the loop counts no reference.
        let memory = scratch.memory, network = network, steps = steps, tests = tests
        for template in memory.instances.indices where !memory.instances[template].isEmpty {
            memory.instances[template].removeAll(keepingCapacity: true)
            scratch.derivedValues[template].removeAll(keepingCapacity: true)
        }
        var firings = 0, work = 0, nextInstance = 0
        // `effects`: where the effects to carry out start in `steps.effects` (an unrolled match's own).
        func fire(_ step: Steps.Step, effects first: Int32? = nil, matching instance: Int = -1) {
            let index = firings
            firings += 1
            scratch.firings?.append((Int(step.rule), instance))
            // The rule (a shared object to count) is read only for an effect its step cannot carry out.
            var compiled: CompiledRule?
            let first = Int(first ?? step.effects)
            for position in 0..<Int(step.effectCount) {
                switch steps.effects[first + position] {
                case .deriveTrue(let slot):
                    guard !scratch.derived[Int(slot)] else { continue }
                    scratch.derived[Int(slot)] = true
                    memory.facts[Int(slot)] = .bool(true)
                    continue
                case .constantInstance(let number, let template):
                    guard !scratch.derivedConstants[Int(number)] else { continue }
                    scratch.derivedConstants[Int(number)] = true
                    scratch.constantOrder[Int(steps.orderStart[Int(template)] + scratch.constantCount[Int(template)])] = steps.placeInTable[Int(number)]
                    scratch.constantCount[Int(template)] += 1
                    memory.instances[Int(template)].append(FactInstance(id: nextInstance, template: Int(template), fields: steps.constants[Int(number)],
                                                                        provenance: .derived(firing: index)))
                    nextInstance += 1
                    continue
                case .recommend(let action, let recommendation):
                    scratch.recommended[Int(action)] = true
                    if onlyRecommended { continue }
                    // Read in place, field by field (see ``Steps/recommendations``).
                    let recommended = steps.recommendations.baseAddress! + Int(recommendation)
                    let reason = Reason(recommended.pointee.reason, memory: memory)
                    effects.append(PlanEffect(firing: index, rule: recommended.pointee.rule,
                                              effect: .recommended(action: actions[Int(action)], priority: recommended.pointee.priority, reason: reason)))
                    continue
                case .planOnly:
                    if onlyRecommended { continue }
                case .general:
                    break
                }
                let rule = compiled ?? network.rules[Int(step.rule)]
                compiled = rule
                switch rule.effects[position] {
                case .deriveSlot(let slot, let value):
                    guard !scratch.derived[slot] else { continue }
                    scratch.derived[slot] = true
                    memory.facts[slot] = value?(memory) ?? .bool(true)
                case .deriveInstance(let template, let fields):
                    // Not a constant (those are carried out above): equal to an earlier one, it is that one.
                    let values = fields.values(memory)
                    guard !scratch.hasInstance(values, of: template) else { continue }
                    memory.instances[template].append(FactInstance(id: nextInstance, template: template, fields: values,
                                                                   provenance: .derived(firing: index)))
                    nextInstance += 1
                case .recommend(let target, let priority, let reason):
                    // A fixed id was marked by its index above; a computed one is marked by its index when it has one.
                    let action: String
                    if case .fixed(let id) = target {
                        action = id
                    } else {
                        guard let id = target.action(in: memory) else { continue }
                        if let index = actionIndex[id] {
                            scratch.recommended[index] = true
                        } else {
                            if computed.isEmpty { computed.reserveCapacity(16) }
                            computed.append(id)
                        }
                        action = id
                    }
                    if onlyRecommended { continue }
                    let reason = Reason(reason, memory: memory)
                    effects.append(PlanEffect(firing: index, rule: rule.rule.id, effect: .recommended(action: action, priority: priority, reason: reason)))
                case .suppress(let target, let reason):
                    guard !onlyRecommended, let action = target.action(in: memory) else { continue }
                    let reason = Reason(reason, memory: memory)
                    effects.append(PlanEffect(firing: index, rule: rule.rule.id, effect: .suppressed(action: action, reason: reason)))
                case .alert(let level, let message, let action):
                    guard !onlyRecommended else { continue }
                    let message = Reason(message, memory: memory)
                    effects.append(PlanEffect(firing: index, rule: rule.rule.id, effect: .alerted(level: level, message: message, action: action)))
                }
            }
        }
        let operands = steps.operands
        func allHold(_ range: Range<Int32>) -> Bool {
            for position in Int(range.lowerBound)..<Int(range.upperBound) where !tests.holds(Int(operands[position]), memory, once: scratch.tests) {
                return false
            }
            return true
        }
        // Strata in order, each stratum's rules in agenda order: the steps are laid out so.
        for step in steps.steps where allHold(step.tests) {
            guard step.hasPattern, let pattern = network.rules[Int(step.rule)].patterns.first else {
                if firings == firingLimit { return nil }
                fire(step)
                continue
            }
            if step.unrolled >= 0 {
                // A pattern over a table of constants: each instance's filter and tests are flat
                // tests on the state, made for it at compile time.
                let template = Int(pattern.template), start = Int(steps.orderStart[template])
                func match(_ position: Int) -> Steps.Match { steps.matches[Int(step.unrolled) + Int(scratch.constantOrder[start + position])] }
                scratch.candidates.removeAll(keepingCapacity: true)
                for position in 0..<Int(scratch.constantCount[template]) where allHold(match(position).filter) {
                    scratch.candidates.append(position)
                }
                work += scratch.candidates.count
                if work > workLimit { return nil }
                for position in scratch.candidates where allHold(match(position).tests) {
                    if firings == firingLimit { return nil }
                    // Bound for the effects read from the compiled rule (a reason, a computed value).
                    memory.bound[pattern.binding] = memory.instances[template][position].fields
                    fire(step, effects: match(position).effects, matching: position)
                }
                continue
            }
            // The session examines every instance that passes the pattern's filter.
            let filter = network.alphaFilters[pattern.alpha].evaluate
            scratch.candidates.removeAll(keepingCapacity: true)
            for (position, instance) in memory.instances[pattern.template].enumerated() {
                if let filter {
                    memory.bound[network.alphaBinding] = instance.fields
                    guard ExpressionCompiler.isTrue(filter(memory)) else { continue }
                }
                scratch.candidates.append(position)
            }
            work += scratch.candidates.count
            if work > workLimit { return nil }
            for position in scratch.candidates {
                // Firing derives no instance of a template the stratum reads: positions stay.
                memory.bound[pattern.binding] = memory.instances[pattern.template][position].fields
                guard pattern.tests.allSatisfy({ ExpressionCompiler.isTrue($0(memory)) }) else { continue }
                if firings == firingLimit { return nil }
                fire(step, matching: position)
            }
        }
        let recommended = recommendedIDs(scratch)
        if !onlyRecommended { scratch.effects = effects }
        return (effects, computed.isEmpty ? recommended : ActionIDs(Self.sortedUnique(Array(recommended) + computed)))
    }

    /// The ids marked in the scratch's ``Scratch/recommended``, sorted: their positions in ``recommendable``.
    private func recommendedIDs(_ scratch: Scratch) -> ActionIDs {
        var positions: [Int32] = []
        positions.reserveCapacity(actions.count)
        for index in scratch.recommended.indices where scratch.recommended[index] { positions.append(Int32(index)) }
        return ActionIDs(recommendable, positions: positions)
    }

    /// `ids` sorted, each once.
    static func sortedUnique(_ ids: [String]) -> [String] {
        var result: [String] = []
        for id in ids.sorted() where result.last != id { result.append(id) }
        return result
    }

    /// Whether alpha test `test` holds, evaluated once per state: a test is first needed in
    /// the earliest stratum that reads it, after every rule that derives what it reads.
    func holds(_ test: Int, _ scratch: Scratch) -> Bool {
        tests.holds(test, scratch.memory, once: scratch.tests)
    }

    // MARK: - Recommended ids alone

    /// The sorted, unique ids of the actions the rules recommend for the state in `slots`
    /// (input values by slot, the rest as ``SlotTable/initialValues`` gives them) on day
    /// `today`; nil when the run would pass the firing or work limit.
    public func recommended(slots: consuming [Value], today: Int?, scratch: Scratch) -> ActionIDs? {
        guard let program else {
            scratch.load(slots, today: today, history: nil)
            return fixpoint(scratch, onlyRecommended: true)?.recommended
        }
        scratch.load(slots, today: today, history: nil)
        let memory = scratch.memory, tests = tests
        scratch.recommended.update(repeating: false)
        let parts = program.parts, operands = program.operands
        let derived = scratch.derived, recommended = scratch.recommended
        for group in program.groups {
            let (action, slot) = (Int(group.target.action), Int(group.target.slot))
            // Reached by an earlier stratum's rule: the rest cannot change it.
            if action >= 0 ? recommended[action] : derived[slot] { continue }
            rules: for part in parts[Int(group.parts.lowerBound)..<Int(group.parts.upperBound)] {
                for position in part.tests where !tests.holds(Int(operands[Int(position)]), memory, once: scratch.tests) { continue rules }
                if action >= 0 {
                    recommended[action] = true
                } else {
                    // No alpha test reading a derived slot has been evaluated yet: only later strata read it.
                    derived[slot] = true
                    memory.facts[slot] = program.values[Int(part.value)]?(memory) ?? .bool(true)
                }
                break
            }
        }
        return recommendedIDs(scratch)
    }
}

extension UnsafeMutableBufferPointer {
    /// A new buffer holding `array`'s elements (the owner deallocates it).
    fileprivate static func copying(_ array: [Element]) -> Self {
        let buffer = Self.allocate(capacity: array.count)
        _ = buffer.initialize(from: array)
        return buffer
    }
}

/// Every rule as ``FlatEvaluator``'s run loop reads it: in stratum order, each stratum's rules
/// in agenda order, with their alpha tests' numbers in one flat buffer, so going past a rule
/// whose tests fail retains nothing. Immutable after init, hence safe to share between workers.
///
/// A rule whose one pattern reads a template only ever derived as constants (a table of facts)
/// is *unrolled*: for each constant instance of the template, the pattern's filter and the
/// rule's tests on the binding, with the instance's values put in place of its fields
/// (``CheckedExpr/substituting(binding:_:)``), become flat tests on the state, and a computed
/// id that the values fix becomes a fixed one. The run loop then decides an instance with the
/// memoised flat tests instead of binding it and calling the filter's closure.
private final class Steps: @unchecked Sendable {
    struct Step {
        /// The rule's alpha tests' numbers, as a range of ``operands``.
        let tests: Range<Int32>
        /// The rule's number in the network.
        let rule: Int32
        let hasPattern: Bool
        /// The rule's effects, as a range of ``effects`` (`effectCount` from `effects`).
        let effects: Int32
        let effectCount: Int32
        /// For an unrolled pattern: where its matches start in ``matches`` (one per constant of
        /// its template, by place in the table); -1 otherwise.
        let unrolled: Int32
    }

    /// An unrolled pattern on one constant instance.
    struct Match {
        /// The pattern's filter on the instance, as a range of ``operands``: what the session
        /// counts as a candidate.
        let filter: Range<Int32>
        /// The rule's other tests on the instance, as a range of ``operands``.
        let tests: Range<Int32>
        /// The rule's effects on the instance, from here in ``effects`` (as many as the step's).
        let effects: Int32
    }

    /// A recommendation by a fixed id (or one an unrolled match fixes), as a plan records it;
    /// the id is the effect's (``Effect/recommend(action:recommendation:)``).
    struct Recommendation {
        let priority: Int
        let reason: CompiledReason
        let rule: String
    }

    /// How the run loop carries out one effect of a rule: the commonest effects from the step
    /// alone, without reading the compiled rule.
    enum Effect {
        /// Recommend the fixed id `actions[action]` (``FlatEvaluator/actions``); a plan also
        /// needs ``recommendations``[`recommendation`], for its priority and reason.
        case recommend(action: Int32, recommendation: Int32)
        /// Derive `true` for slot `slot`.
        case deriveTrue(slot: Int32)
        /// Derive the instance of `template` whose values are ``constants``[`number`]: a
        /// template that only ever gets constant instances, whose equal instances share a
        /// number, so a repeat is told without comparing values.
        case constantInstance(number: Int32, template: Int32)
        /// A suppression or an alert: only a plan needs it.
        case planOnly
        /// Anything else, carried out from the compiled effect.
        case general
    }

    /// The most constants a template may have for a pattern over it to be unrolled (each
    /// constant costs a pattern a match and its tests), and the most matches all unrolled
    /// patterns may have together; past them, a pattern is matched as any other is.
    static let unrolledTableLimit = 256, unrolledMatchLimit = 65_536

    let steps: UnsafeMutableBufferPointer<Step>
    let operands: UnsafeMutableBufferPointer<Int32>
    /// Every rule's effects, rule after rule, then every unrolled match's.
    let effects: UnsafeMutableBufferPointer<Effect>
    /// What a plan's effect of a recommendation by a fixed id holds, read in place: a copy of
    /// the compiled effect counted a reference for its id, its reason's pieces and its values.
    let recommendations: UnsafeMutableBufferPointer<Recommendation>
    let matches: UnsafeMutableBufferPointer<Match>
    /// The values of each distinct constant instance, by number.
    let constants: [[Value]]
    /// Per constant instance: its place among its template's constants (in number order).
    let placeInTable: UnsafeMutableBufferPointer<Int32>
    /// Per template: where its constant instances start in a scratch's
    /// ``FlatEvaluator/Scratch/constantOrder``.
    let orderStart: UnsafeMutableBufferPointer<Int32>
    /// The tests unrolling made, numbered after the network's alpha tests.
    let unrolledTests: [CheckedExpr]

    init(_ network: CompiledRuleSet, actionIndex: [String: Int]) {
        // Templates derived by some effect that is not a constant.
        var computed: Set<Int> = []
        for rule in network.rules {
            for case .deriveInstance(let template, let fields) in rule.effects where fields.constant == nil { computed.insert(template) }
        }
        // The constants first, so that a pattern is unrolled over all of its template's.
        var constants: [[Value]] = [], numberOf: [[Value]: Int32] = [:], table: [[Int32]] = Array(repeating: [], count: network.slots.templates.count)
        var placeInTable: [Int32] = []
        // The template's number is part of the key: equal values of two templates are two instances.
        func constantKey(_ template: Int, _ fields: InstanceFields) -> [Value] { [Value.integer(template)] + fields.constant! }
        for number in network.strata.joined() {
            for case .deriveInstance(let template, let fields) in network.rules[number].effects where !computed.contains(template) {
                let key = constantKey(template, fields)
                guard numberOf[key] == nil else { continue }
                numberOf[key] = Int32(constants.count)
                placeInTable.append(Int32(table[template].count))
                table[template].append(Int32(constants.count))
                constants.append(fields.constant!)
            }
        }
        var recommendations: [Recommendation] = []
        /// The descriptor of a recommendation of `action` (a fixed id) by `compiled`, the effect of `rule`.
        func recommend(_ action: String, _ compiled: CompiledEffect, of rule: CompiledRule) -> Effect? {
            guard case .recommend(_, let priority, let reason) = compiled, let index = actionIndex[action] else { return nil }
            recommendations.append(Recommendation(priority: priority, reason: reason, rule: rule.rule.id))
            return .recommend(action: Int32(index), recommendation: Int32(recommendations.count - 1))
        }
        func effect(_ compiled: CompiledEffect, of rule: CompiledRule) -> Effect {
            switch compiled {
            case .recommend(.fixed(let action), _, _): recommend(action, compiled, of: rule)!
            case .deriveSlot(let slot, .none): .deriveTrue(slot: Int32(slot))
            case .deriveInstance(let template, let fields) where !computed.contains(template):
                .constantInstance(number: numberOf[constantKey(template, fields)]!, template: Int32(template))
            case .suppress, .alert: .planOnly
            default: .general
            }
        }
        var steps: [Step] = [], operands: [Int32] = [], effects: [Effect] = [], matches: [Match] = []
        for number in network.strata.joined() {
            let rule = network.rules[number]
            let start = Int32(operands.count)
            operands += rule.tests.map { Int32($0) }
            var unrolled: Int32 = -1
            if let pattern = rule.patterns.first, rule.patterns.count == 1, pattern.joinKeys.isEmpty, !computed.contains(pattern.template),
               table[pattern.template].count <= Self.unrolledTableLimit, matches.count + table[pattern.template].count <= Self.unrolledMatchLimit {
                unrolled = Int32(matches.count)
                // Filled in below, once every rule's own effects are laid out.
                matches += Array(repeating: Match(filter: 0..<0, tests: 0..<0, effects: 0), count: table[pattern.template].count)
            }
            steps.append(Step(tests: start..<Int32(operands.count), rule: Int32(number), hasPattern: !rule.patterns.isEmpty,
                              effects: Int32(effects.count), effectCount: Int32(rule.effects.count), unrolled: unrolled))
            effects += rule.effects.map { effect($0, of: rule) }
        }
        // Each unrolled match's tests and effects, on its constant's values.
        var unrolledTests: [CheckedExpr] = []
        // Equal tests share a number (and an answer per state), alpha tests included; keyed
        // only when a pattern is unrolled, so that a rule set without one loads no slower.
        var testNumber: [String: Int32] = [:]
        if steps.contains(where: { $0.unrolled >= 0 }) {
            for (number, test) in network.alphaTests.enumerated() { testNumber[test.expr.structuralKey()] = Int32(number) }
        }
        func flat(_ exprs: [CheckedExpr]) -> Range<Int32> {
            let start = Int32(operands.count)
            for expr in exprs {
                let key = expr.structuralKey()
                if testNumber[key] == nil {
                    testNumber[key] = Int32(network.alphaTests.count + unrolledTests.count)
                    unrolledTests.append(expr)
                }
                operands.append(testNumber[key]!)
            }
            return start..<Int32(operands.count)
        }
        for step in steps where step.unrolled >= 0 {
            let rule = network.rules[Int(step.rule)], pattern = rule.patterns[0]
            let fields = network.slots.fields[pattern.template]
            for (place, number) in table[pattern.template].enumerated() {
                let values = constants[Int(number)]
                let on = { (expr: CheckedExpr) in
                    expr.substituting(binding: pattern.binding) { name in fields.firstIndex(of: name).map { values[$0] } }
                }
                let first = Int32(effects.count)
                for (position, ruleEffect) in rule.rule.effects.enumerated() {
                    // A computed id the instance's values fix is that fixed id.
                    if case .recommend(let recommendation) = ruleEffect, let expr = recommendation.action.expression,
                       case .constant(.string(let id)) = on(expr).kind, let fixed = recommend(id, rule.effects[position], of: rule) {
                        effects.append(fixed)
                    } else {
                        effects.append(effects[Int(step.effects) + position])
                    }
                }
                matches[Int(step.unrolled) + place] = Match(filter: flat(pattern.filterConjuncts.map(on)), tests: flat(pattern.testConjuncts.map(on)),
                                                            effects: first)
            }
        }
        self.steps = .copying(steps)
        self.operands = .copying(operands)
        self.effects = .copying(effects)
        self.recommendations = .copying(recommendations)
        self.matches = .copying(matches)
        self.constants = constants
        self.placeInTable = .copying(placeInTable)
        var orderStart: [Int32] = [], next: Int32 = 0
        for constantsOfTemplate in table {
            orderStart.append(next)
            next += Int32(constantsOfTemplate.count)
        }
        self.orderStart = .copying(orderStart)
        self.unrolledTests = unrolledTests
    }

    deinit {
        steps.deallocate()
        operands.deallocate()
        effects.deallocate()
        recommendations.deinitialize()
        recommendations.deallocate()
        matches.deallocate()
        placeInTable.deallocate()
        orderStart.deallocate()
    }
}

/// The rules as the evaluation loop reads them: each stratum's rules grouped by target (one
/// action, or one derived slot), each group's rules in rule-number order (or fewest tests
/// first, where which fires first cannot matter), all in flat buffers
/// so the loop neither retains an array nor follows a per-rule one. Immutable after init,
/// hence safe to share between workers.
private final class Program: @unchecked Sendable {
    /// One effect of a rule.
    enum Effect {
        case recommend(String)
        case derive(slot: Int, value: Evaluator?)
    }

    /// What a rule's effect reaches.
    struct Target: Hashable {
        /// The action recommended (an index into the evaluator's actions), or -1.
        let action: Int32
        /// The derived slot, when `action` is -1.
        let slot: Int32
    }

    /// A stratum's rules that reach one target: only the first to fire counts.
    struct Group {
        /// The range of ``parts``.
        let parts: Range<Int32>
        let target: Target
    }

    /// One rule of a group.
    struct Part {
        /// Its alpha tests' numbers, as a range of ``operands``.
        let tests: Range<Int32>
        /// For a derived slot: the index of its value in ``values``.
        let value: Int32
    }

    let groups: UnsafeMutableBufferPointer<Group>
    let parts: UnsafeMutableBufferPointer<Part>
    let operands: UnsafeMutableBufferPointer<Int32>
    /// The value each derivation gives (nil: true).
    let values: [Evaluator?]

    init(strata: [[Int]], tests: [[Int]], effects: [[Effect]], actionIndex: [String: Int]) {
        var operands: [Int32] = [], values: [Evaluator?] = [], groups: [Group] = [], parts: [Part] = []
        // A rule's tests are laid out once, however many targets it reaches.
        var testRanges = [Range<Int32>?](repeating: nil, count: tests.count)
        func testRange(_ rule: Int) -> Range<Int32> {
            if let range = testRanges[rule] { return range }
            let start = Int32(operands.count)
            operands += tests[rule].map { Int32($0) }
            testRanges[rule] = start..<Int32(operands.count)
            return start..<Int32(operands.count)
        }
        for stratum in strata {
            // Targets in the order their first rule comes; rules of a target in rule-number order.
            var targets: [Target] = [], members: [[Part]] = []
            var targetIndex: [Target: Int] = [:]
            for rule in stratum.sorted() {
                for effect in effects[rule] {
                    let target: Target, part: Part
                    switch effect {
                    case .recommend(let action):
                        target = Target(action: Int32(actionIndex[action]!), slot: -1)
                        part = Part(tests: testRange(rule), value: -1)
                    case .derive(let slot, let value):
                        target = Target(action: -1, slot: Int32(slot))
                        values.append(value)
                        part = Part(tests: testRange(rule), value: Int32(values.count - 1))
                    }
                    if targetIndex[target] == nil {
                        targetIndex[target] = targets.count
                        targets.append(target)
                        members.append([])
                    }
                    members[targetIndex[target]!].append(part)
                }
            }
            for (target, var group) in zip(targets, members) {
                // When every rule of a target has the same effect (a recommendation, or `true`
                // for a derived fact), which one fires first does not matter: try those with the
                // fewest tests first, as they are the likeliest to hold. A derived value keeps
                // rule-number order, since the first firing's value is the one that counts.
                if group.allSatisfy({ $0.value < 0 || values[Int($0.value)] == nil }) {
                    group = group.enumerated().sorted { ($0.element.tests.count, $0.offset) < ($1.element.tests.count, $1.offset) }.map(\.element)
                }
                let start = Int32(parts.count)
                parts += group
                groups.append(Group(parts: start..<Int32(parts.count), target: target))
            }
        }
        self.groups = .copying(groups)
        self.parts = .copying(parts)
        self.operands = .copying(operands)
        self.values = values
    }

    deinit {
        groups.deallocate()
        parts.deallocate()
        operands.deallocate()
    }
}

/// The alpha tests as the flat evaluator runs them: the commonest shapes read the slot and
/// decide in place, with the semantics of the shared `Value` operations, so the answer is the
/// compiled closure's; anything else calls a compiled closure. Tests are plain values in flat
/// buffers (no reference to retain when one is read); their strings and closures sit in side
/// tables. Immutable after init, hence safe to share between workers.
///
/// A test only says whether its expression is *true* (false and unknown both fail a rule), so
/// `a or b` holds when one of its operands holds and `a and b` when both do, whatever the
/// others are (true wins an `or` over unknown; false or unknown fails an `and`).
private final class FlatTests: @unchecked Sendable {
    enum Kind: UInt8 {
        /// `fact op number`: numbers compare by value; an unknown fails; any other value is
        /// only `!=` a number (as `Value.compare` says).
        case compareNumber
        /// `fact == 'text'` / `fact != 'text'` (`operand` indexes `strings`): an unknown fails;
        /// a value of another type is only `!=` text.
        case compareString
        /// `'x' in fact` (`negated`: `not in`) over a set fact; `operand` indexes `strings`.
        case containsString
        /// `fact in ['a', 'b']` (`negated`: `not in`) with a list of text constants
        /// `strings[operand..<operand + count]`: an unknown fails; any other value is in the
        /// list when it equals an entry (only text can).
        case inStrings
        /// `fact op fact` (`operand`: the right slot): ``Value/compare(_:_:_:)`` on the two.
        case compareFacts
        /// `fact in low..high` (`negated`: `not in`) over a number fact with number bounds
        /// (`constant`, `high`): an unknown fails.
        case between
        /// `known(fact)` (`negated`: `not known(fact)`).
        case known
        /// A bool fact (`negated`: its negation).
        case fact
        /// `or` (`negated`: `and`) of the tests `children[operand..<operand + count]`.
        case any
        /// `function(argument, window) op number` for `count` and `streak` (`count` 0: their
        /// argument is the test `tests[slot]`) and for `avg`, `min` and `max` (`count` 1: their
        /// argument is the number fact in `slot`). With no earlier day in memory, as on a batch
        /// line, the function's value is today's alone (the day counts if its condition holds; the
        /// average, least and most of one number are that number); with earlier days, the
        /// compiled closure `evaluators[operand]` reads them.
        case history
        /// The compiled closure `evaluators[operand]`.
        case general
    }

    struct Test {
        let kind: Kind
        let op: BinaryOperator
        let negated: Bool
        let slot: Int32
        let operand: Int32
        /// How many children an `any` test has; what a `history` test reads (see ``Kind/history``).
        var count: Int32 = 0
        let constant: Double
        var high: Double = 0
    }

    /// The alpha tests by number, the tests unrolling made after them, then the operands of
    /// `or` and `and` tests.
    let tests: UnsafeMutableBufferPointer<Test>
    /// How many tests have a number (the alpha tests and the unrolled ones).
    let count: Int
    let children: UnsafeMutableBufferPointer<Int32>
    let strings: [String]
    let evaluators: [Evaluator]

    init(_ alphaTests: [AlphaTest], unrolled: [CheckedExpr], slots: SlotTable) {
        var tests: [Test] = [], children: [Int32] = [], strings: [String] = [], evaluators: [Evaluator] = []
        let compiler = ExpressionCompiler(slots: slots, bindingTemplates: [:])
        func slot(_ expr: CheckedExpr) -> Int32? {
            if case .fact(let name) = expr.kind { return slots.slotOf[name].map { Int32($0) } }
            return nil
        }
        func number(_ expr: CheckedExpr) -> Double? {
            if case .constant(let value) = expr.kind { return value.numeric }
            return nil
        }
        func test(_ expr: CheckedExpr, evaluate: @autoclosure () -> Evaluator) -> Test {
            switch expr.kind {
            case .compare(let op, let left, let right):
                if let slot = slot(left), let number = number(right) {
                    return Test(kind: .compareNumber, op: op, negated: false, slot: slot, operand: 0, constant: number)
                }
                if case .history(let function, let argument, _) = left.kind, let number = number(right) {
                    // Where today's value alone is read from: the argument's test, or its number fact.
                    var reading: (argument: Int32, counts: Bool)?
                    switch function {
                    case .count, .streak:
                        tests.append(test(argument, evaluate: compiler.compile(argument)))
                        reading = (Int32(tests.count - 1), true)
                    case .avg, .min, .max:
                        if argument.type == .integer || argument.type == .number, let slot = slot(argument) { reading = (slot, false) }
                    case .trend:
                        break
                    }
                    if let reading {
                        evaluators.append(evaluate())
                        var history = Test(kind: .history, op: op, negated: false, slot: reading.argument, operand: Int32(evaluators.count - 1), constant: number)
                        history.count = reading.counts ? 0 : 1
                        return history
                    }
                }
                if op == .equal || op == .notEqual, let slot = slot(left), case .constant(.string(let text)) = right.kind {
                    strings.append(text)
                    return Test(kind: .compareString, op: op, negated: false, slot: slot, operand: Int32(strings.count - 1), constant: 0)
                }
                if let leftSlot = slot(left), let rightSlot = slot(right) {
                    return Test(kind: .compareFacts, op: op, negated: false, slot: leftSlot, operand: rightSlot, constant: 0)
                }
            case .contains(let element, let collection, let negated):
                if case .constant(.string(let text)) = element.kind, let slot = slot(collection), case .set = collection.type {
                    strings.append(text)
                    return Test(kind: .containsString, op: .equal, negated: negated, slot: slot, operand: Int32(strings.count - 1), constant: 0)
                }
                if let slot = slot(element), case .list(let items) = collection.kind {
                    let texts = items.compactMap { item in if case .constant(.string(let text)) = item.kind { text } else { nil } }
                    if texts.count == items.count {
                        var test = Test(kind: .inStrings, op: .equal, negated: negated, slot: slot, operand: Int32(strings.count), constant: 0)
                        test.count = Int32(texts.count)
                        strings += texts
                        return test
                    }
                }
            case .between(let value, let low, let high, let negated):
                if let slot = slot(value), value.type == .integer || value.type == .number, let low = number(low), let high = number(high) {
                    return Test(kind: .between, op: .equal, negated: negated, slot: slot, operand: 0, constant: low, high: high)
                }
            case .known(let operand):
                if let slot = slot(operand) { return Test(kind: .known, op: .equal, negated: false, slot: slot, operand: 0, constant: 0) }
            case .fact where expr.type == .bool:
                if let slot = slot(expr) { return Test(kind: .fact, op: .equal, negated: false, slot: slot, operand: 0, constant: 0) }
            case .not(let operand) where operand.type == .bool:
                if let slot = slot(operand) { return Test(kind: .fact, op: .equal, negated: true, slot: slot, operand: 0, constant: 0) }
                if case .known(let inner) = operand.kind, let slot = slot(inner) {
                    return Test(kind: .known, op: .equal, negated: true, slot: slot, operand: 0, constant: 0)
                }
            case .or(let operands), .and(let operands):
                let built = operands.map { test($0, evaluate: compiler.compile($0)) }
                let start = Int32(tests.count)
                tests += built
                children += (start..<Int32(tests.count)).map { $0 }
                var any = Test(kind: .any, op: .equal, negated: false, slot: 0, operand: Int32(children.count - built.count), constant: 0)
                if case .and = expr.kind { any = Test(kind: .any, op: .equal, negated: true, slot: 0, operand: any.operand, constant: 0) }
                any.count = Int32(built.count)
                return any
            default:
                break
            }
            evaluators.append(evaluate())
            return Test(kind: .general, op: .equal, negated: false, slot: 0, operand: Int32(evaluators.count - 1), constant: 0)
        }
        // The numbered tests first, so a test's number is its index; their operands after them.
        count = alphaTests.count + unrolled.count
        tests = Array(repeating: Test(kind: .general, op: .equal, negated: false, slot: 0, operand: 0, constant: 0), count: count)
        for (number, alpha) in alphaTests.enumerated() { tests[number] = test(alpha.expr, evaluate: alpha.evaluate) }
        for (offset, expr) in unrolled.enumerated() { tests[alphaTests.count + offset] = test(expr, evaluate: compiler.compile(expr)) }
        self.tests = .copying(tests)
        self.children = .copying(children)
        self.strings = strings
        self.evaluators = evaluators
    }

    deinit {
        tests.deallocate()
        children.deallocate()
    }

    /// Whether alpha test `number` is true, evaluated once per state: `known` keeps each test's
    /// answer (0 not evaluated yet, 1 true, 2 false or unknown).
    func holds(_ number: Int, _ memory: WorkingMemory, once known: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        var state = known[number]
        if state == 0 {
            state = holds(number, memory) ? 1 : 2
            known[number] = state
        }
        return state == 1
    }

    /// Whether test `number` is true (false and unknown both fail a rule).
    func holds(_ number: Int, _ memory: WorkingMemory) -> Bool {
        let test = tests[number]
        switch test.kind {
        case .compareNumber:
            guard let value = Self.number(memory.facts[Int(test.slot)]) else {
                // An unknown fails; any other value is only `!=` a number.
                return test.op == .notEqual && !memory.facts[Int(test.slot)].isUnknown
            }
            return Self.compare(test.op, value, test.constant)
        case .compareString:
            switch memory.facts[Int(test.slot)] {
            case .string(let text): return (text == strings[Int(test.operand)]) == (test.op == .equal)
            case .unknown: return false
            default: return test.op == .notEqual
            }
        case .containsString:
            if case .set(let values) = memory.facts[Int(test.slot)] { return values.contains(strings[Int(test.operand)]) != test.negated }
            return false
        case .inStrings:
            switch memory.facts[Int(test.slot)] {
            case .unknown: return false
            case .string(let text): return strings[Int(test.operand)..<Int(test.operand + test.count)].contains(text) != test.negated
            default: return test.negated
            }
        case .compareFacts:
            return ExpressionCompiler.isTrue(Value.compare(test.op, memory.facts[Int(test.slot)], memory.facts[Int(test.operand)]))
        case .between:
            guard let value = Self.number(memory.facts[Int(test.slot)]) else { return false }
            return (value >= test.constant && value <= test.high) != test.negated
        case .known:
            return memory.facts[Int(test.slot)].isUnknown == test.negated
        case .fact:
            if case .bool(let value) = memory.facts[Int(test.slot)] { return value != test.negated }
            return false
        case .any:
            // `or` holds when some operand does; `and` (negated) when none fails.
            for child in children[Int(test.operand)..<Int(test.operand + test.count)] where holds(Int(child), memory) != test.negated {
                return !test.negated
            }
            return test.negated
        case .history:
            guard memory.historyDays == 0 else { return ExpressionCompiler.isTrue(evaluators[Int(test.operand)](memory)) }
            let value: Double
            if test.count == 0 {
                value = holds(Int(test.slot), memory) ? 1 : 0
            } else {
                // No day with a known value: unknown.
                guard let number = Self.number(memory.facts[Int(test.slot)]) else { return false }
                value = number
            }
            return Self.compare(test.op, value, test.constant)
        case .general:
            return ExpressionCompiler.isTrue(evaluators[Int(test.operand)](memory))
        }
    }

    /// An integer or a number as a `Double`; nil for any other value, unknown included.
    private static func number(_ value: Value) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
    }

    /// `value op constant`, as ``Value/compare(_:_:_:)`` compares two numbers.
    private static func compare(_ op: BinaryOperator, _ value: Double, _ constant: Double) -> Bool {
        switch op {
        case .equal: return value == constant
        case .notEqual: return value != constant
        case .less: return value < constant
        case .lessEqual: return value <= constant
        case .greater: return value > constant
        case .greaterEqual: return value >= constant
        default: return false
        }
    }
}
