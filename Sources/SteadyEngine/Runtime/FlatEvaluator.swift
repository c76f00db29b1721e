import SteadyRules

/// The recommended actions of one state, computed straight off the compiled network for the
/// most common shape of rule set — every rule a conjunction of tests over single facts (no
/// patterns, no derived instances, no computed action ids) and no stratum that reads what it
/// derives — with no per-state allocation beyond the result. Batch evaluation uses it when
/// only the recommended ids are wanted.
///
/// It is the ``Session``'s semantics specialised, not a second engine: in such a rule set
/// every stratum's conditions are settled when the stratum starts, so the session's agenda
/// fires the stratum's matching rules in rule-number order, each once, and a derived fact
/// takes the value of its first firing. A property test keeps the two in agreement.
public struct FlatEvaluator: Sendable {
    let network: CompiledRuleSet
    /// Action ids any rule recommends, sorted.
    let actions: [String]
    /// Rule numbers in firing order: stratum by stratum, each stratum in rule-number order.
    private let order: [Int]
    /// Per rule, flat ranges into one list each (no per-rule arrays to retain on the hot path):
    /// its alpha tests, the actions it recommends (indices into `actions`), the facts it derives.
    private let testRanges: [Range<Int>]
    private let testList: [Int]
    private let recommendRanges: [Range<Int>]
    private let recommendList: [Int]
    private let deriveRanges: [Range<Int>]
    private let deriveList: [(slot: Int, value: Evaluator?)]
    /// Each alpha test, in a shape evaluated without calling a closure where it can be.
    private let tests: [FlatTest]

    /// Nil when the rule set has a shape this evaluator does not cover, or more rules than a
    /// session may fire (it would stop at its firing limit).
    public init?(_ network: CompiledRuleSet, firingLimit: Int = 10_000) {
        guard !network.recursive.contains(true), network.rules.count <= firingLimit else { return nil }
        var fixed: [[String]] = []
        var derives: [[(slot: Int, value: Evaluator?)]] = []
        for rule in network.rules {
            guard rule.patterns.isEmpty else { return nil }
            var slots: [(slot: Int, value: Evaluator?)] = [], recommended: [String] = []
            for effect in rule.effects {
                switch effect {
                case .deriveSlot(let slot, let value): slots.append((slot, value))
                case .deriveInstance, .recommend(.computed, _, _): return nil
                case .recommend(.fixed(let action), _, _): recommended.append(action)
                case .suppress, .alert: break
                }
            }
            derives.append(slots)
            fixed.append(recommended)
        }
        let actions = Set(fixed.joined()).sorted()
        let index = Dictionary(uniqueKeysWithValues: actions.enumerated().map { ($1, $0) })
        func flatten<T>(_ lists: [[T]]) -> ([Range<Int>], [T]) {
            var ranges: [Range<Int>] = [], all: [T] = []
            for list in lists {
                ranges.append(all.count..<(all.count + list.count))
                all += list
            }
            return (ranges, all)
        }
        self.network = network
        self.actions = actions
        order = Array(network.strata.joined())
        (testRanges, testList) = flatten(network.rules.map(\.tests))
        (recommendRanges, recommendList) = flatten(fixed.map { $0.map { index[$0]! } })
        (deriveRanges, deriveList) = flatten(derives)
        tests = network.alphaTests.map { FlatTest($0, slots: network.slots) }
    }

    /// What one worker reuses from state to state.
    public final class Scratch {
        let memory: WorkingMemory
        /// Per alpha test: 0 not evaluated yet, 1 true, 2 false or unknown.
        @exclusivity(unchecked) var tests: [UInt8]
        @exclusivity(unchecked) var derived: [Bool]
        @exclusivity(unchecked) var recommended: [Bool]

        init(_ evaluator: FlatEvaluator) {
            let network = evaluator.network
            memory = WorkingMemory(facts: [], templates: network.slots.templates.count, bindings: network.bindingCount, today: nil)
            tests = Array(repeating: 0, count: network.alphaTests.count)
            derived = Array(repeating: false, count: network.slots.names.count)
            recommended = Array(repeating: false, count: evaluator.actions.count)
        }
    }

    public func makeScratch() -> Scratch { Scratch(self) }

    /// The sorted, unique ids of the actions the rules recommend for the state in `slots`
    /// (input values by slot, the rest as ``SlotTable/initialValues`` gives them) on day `today`.
    public func recommended(slots: [Value], today: Int?, scratch: Scratch) -> [String] {
        let memory = scratch.memory
        memory.facts = slots
        memory.today = today
        for index in scratch.tests.indices { scratch.tests[index] = 0 }
        for index in scratch.derived.indices { scratch.derived[index] = false }
        for index in scratch.recommended.indices { scratch.recommended[index] = false }
        for number in order where holds(number, scratch) {
            for position in recommendRanges[number] { scratch.recommended[recommendList[position]] = true }
            // No alpha test reading a derived slot has been evaluated yet: only later strata read it.
            for position in deriveRanges[number] {
                let (slot, value) = deriveList[position]
                guard !scratch.derived[slot] else { continue }
                scratch.derived[slot] = true
                memory.facts[slot] = value?(memory) ?? .bool(true)
            }
        }
        var result: [String] = []
        result.reserveCapacity(actions.count)
        for index in scratch.recommended.indices where scratch.recommended[index] { result.append(actions[index]) }
        return result
    }

    private func holds(_ rule: Int, _ scratch: Scratch) -> Bool {
        for position in testRanges[rule] {
            let test = testList[position]
            var state = scratch.tests[test]
            if state == 0 {
                state = tests[test].holds(scratch.memory) ? 1 : 2
                scratch.tests[test] = state
            }
            if state == 2 { return false }
        }
        return true
    }
}

/// An alpha test as the flat evaluator runs it: the commonest shapes read the slot and decide
/// in place, with the semantics of the shared `Value` operations, so the answer is the compiled
/// closure's; anything else calls the closure.
private enum FlatTest: Sendable {
    /// `fact op number`: numbers compare by value; an unknown fails; any other value is only
    /// `!=` a number (as `Value.compare` says).
    case compareNumber(slot: Int, op: BinaryOperator, constant: Double)
    /// `'x' in fact` / `'x' not in fact` over a set fact.
    case containsString(slot: Int, element: String, negated: Bool)
    /// A bool fact, or its negation.
    case fact(slot: Int, expected: Bool)
    case general(Evaluator)

    init(_ test: AlphaTest, slots: SlotTable) {
        func slot(_ expr: CheckedExpr) -> Int? {
            if case .fact(let name) = expr.kind { return slots.slotOf[name] }
            return nil
        }
        switch test.expr.kind {
        case .compare(let op, let left, let right):
            if let slot = slot(left), case .constant(let value) = right.kind, let number = value.numeric {
                self = .compareNumber(slot: slot, op: op, constant: number)
                return
            }
        case .contains(let element, let collection, let negated):
            if case .constant(.string(let text)) = element.kind, let slot = slot(collection), case .set = collection.type {
                self = .containsString(slot: slot, element: text, negated: negated)
                return
            }
        case .fact where test.expr.type == .bool:
            if let slot = slot(test.expr) {
                self = .fact(slot: slot, expected: true)
                return
            }
        case .not(let operand) where operand.type == .bool:
            if let slot = slot(operand) {
                self = .fact(slot: slot, expected: false)
                return
            }
        default:
            break
        }
        self = .general(test.evaluate)
    }

    /// Whether the test is true (false and unknown both fail a rule).
    func holds(_ memory: WorkingMemory) -> Bool {
        switch self {
        case .compareNumber(let slot, let op, let constant):
            let value: Double
            switch memory.facts[slot] {
            case .integer(let integer): value = Double(integer)
            case .number(let number): value = number
            case .unknown: return false
            default: return op == .notEqual
            }
            switch op {
            case .equal: return value == constant
            case .notEqual: return value != constant
            case .less: return value < constant
            case .lessEqual: return value <= constant
            case .greater: return value > constant
            case .greaterEqual: return value >= constant
            default: return false
            }
        case .containsString(let slot, let element, let negated):
            if case .set(let values) = memory.facts[slot] { return values.contains(element) != negated }
            return false
        case .fact(let slot, let expected):
            if case .bool(let value) = memory.facts[slot] { return value == expected }
            return false
        case .general(let evaluate):
            return ExpressionCompiler.isTrue(evaluate(memory))
        }
    }
}
