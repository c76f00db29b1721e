import SteadyRules

/// A checked rule set compiled once into an immutable match network that any number of
/// sessions (patients) can share across threads.
///
/// - Conditions are closures over fact slots and binding numbers (no name look-ups).
/// - **Alpha sharing**: every distinct binding-free test is compiled and evaluated once per
///   session however many rules use it; every distinct pattern filter (template + filter over
///   the instance alone) keeps one shared memory of the instances that pass.
/// - **Joins** between patterns are indexed on their equality tests: the candidates for a
///   pattern are looked up in a hash index of its alpha memory by the value the earlier
///   bindings require, instead of scanned.
/// - Rules are ordered by stratum, then salience, specificity and id, so the agenda order is
///   the same on every run.
///
/// ```swift
/// let compiled = CompiledRuleSet(ruleSet)
/// let run = try Session(compiled, facts: facts).run()
/// ```
public struct CompiledRuleSet: Sendable {
    public let ruleSet: RuleSet
    public let slots: SlotTable
    let rules: [CompiledRule]
    /// Rule numbers per stratum, in agenda-priority order.
    let strata: [[Int]]
    /// Whether a stratum holds rules that depend on each other (evaluated together).
    let recursive: [Bool]
    let alphaTests: [AlphaTest]
    let alphaFilters: [AlphaFilter]
    /// For each slot / template: the rules, alpha tests and alpha filters that read it.
    let readers: Readers
    /// Binding numbers needed by any rule, plus one reserved for alpha filters.
    let bindingCount: Int
    let alphaBinding: Int

    public init(_ ruleSet: RuleSet) {
        var builder = NetworkBuilder(ruleSet: ruleSet)
        self = builder.build()
    }

    init(ruleSet: RuleSet, slots: SlotTable, rules: [CompiledRule], strata: [[Int]], recursive: [Bool],
         alphaTests: [AlphaTest], alphaFilters: [AlphaFilter], readers: Readers, bindingCount: Int) {
        self.ruleSet = ruleSet
        self.slots = slots
        self.rules = rules
        self.strata = strata
        self.recursive = recursive
        self.alphaTests = alphaTests
        self.alphaFilters = alphaFilters
        self.readers = readers
        self.bindingCount = bindingCount + 1
        self.alphaBinding = bindingCount
    }

    /// How many distinct alpha tests and filters the network shares among its rules.
    public var sharing: (tests: Int, testUses: Int, filters: Int, filterUses: Int) {
        (alphaTests.count, rules.reduce(0) { $0 + $1.tests.count },
         alphaFilters.count, rules.reduce(0) { $0 + $1.patterns.count })
    }
}

/// Who reads what, so a change wakes only its readers.
struct Readers: Sendable {
    var rulesOfSlot: [[Int]]
    var rulesOfTemplate: [[Int]]
    var testsOfSlot: [[Int]]
    var testsOfTemplate: [[Int]]
    var filtersOfSlot: [[Int]]
    var filtersOfTemplate: [[Int]]
}

/// A binding-free test shared by every rule that uses it.
struct AlphaTest: Sendable {
    let evaluate: Evaluator
    /// The test as checked, for evaluators that specialise common shapes (``FlatEvaluator``).
    let expr: CheckedExpr
}

/// A shared filter over the instances of one template (evaluated with the instance bound to
/// the reserved alpha binding). `nil` evaluate means every instance passes.
struct AlphaFilter: Sendable {
    let template: Int
    let evaluate: Evaluator?
}

/// A rule in the network (a class, so the hot loop never copies its fields).
final class CompiledRule: Sendable {
    let rule: Rule
    let number: Int
    let stratum: Int
    /// The number of condition atoms; more specific rules go first among equal salience.
    let specificity: Int
    /// Alpha tests that must all be true.
    let tests: [Int]
    /// For a rule without patterns: the alpha tests of each element of its condition, in
    /// order, so the first element that does not hold is found without the interpreter.
    let testsByElement: [[Int]]?
    let patterns: [CompiledPattern]
    let effects: [CompiledEffect]
    /// The single facts the rule reads (condition and effects), sorted: what a firing records.
    let readSlots: [Int]

    init(rule: Rule, number: Int, stratum: Int, specificity: Int, tests: [Int], testsByElement: [[Int]]?,
         patterns: [CompiledPattern], effects: [CompiledEffect], readSlots: [Int]) {
        self.rule = rule
        self.number = number
        self.stratum = stratum
        self.specificity = specificity
        self.tests = tests
        self.testsByElement = testsByElement
        self.patterns = patterns
        self.effects = effects
        self.readSlots = readSlots
    }
}

struct CompiledPattern: Sendable {
    let binding: Int
    let template: Int
    let alpha: Int
    /// The filter's conjuncts that read no other binding, as written: what `alpha` evaluates.
    let filterConjuncts: [CheckedExpr]
    /// Equality tests with earlier bindings: this instance's field must equal `other`.
    let joinKeys: [(field: Int, other: Evaluator)]
    /// Other tests that need this binding (and possibly earlier ones).
    let tests: [Evaluator]
    /// The conjuncts `tests` evaluates, as written, in the same order.
    let testConjuncts: [CheckedExpr]
}

extension CompiledRuleSet {
    /// Every effect's reason template (nil for a derivation), in rule and effect order, so that a
    /// template is at its ``Reason/Template/number``: the reasons a run of these rules gives
    /// each share one of them.
    package var reasonTemplates: [Reason.Template?] {
        rules.flatMap { rule in
            rule.effects.map { effect -> Reason.Template? in
                switch effect {
                case .recommend(_, _, let reason), .suppress(_, let reason): reason.template
                case .alert(_, let message, _): message.template
                case .deriveSlot, .deriveInstance: nil
                }
            }
        }
    }
}

/// A rule effect with its expressions compiled.
enum CompiledEffect: Sendable {
    case deriveSlot(slot: Int, value: Evaluator?)
    case deriveInstance(template: Int, fields: InstanceFields)
    case recommend(action: ActionTarget, priority: Int, reason: CompiledReason)
    case suppress(action: ActionTarget, reason: CompiledReason)
    case alert(level: Alert.Level, message: CompiledReason, action: String?)
}

/// The field values of a derived instance, in the template's field order: each field's
/// compiled expression (a field the rule does not give is unknown), or, when every field is a
/// constant — a table of facts, say — the values themselves, made once at compile time.
struct InstanceFields: Sendable {
    let evaluators: [Evaluator?]
    let names: [String]
    let constant: [Value]?

    /// The values on `memory`'s facts and bindings.
    func values(_ memory: WorkingMemory) -> [Value] {
        if let constant { return constant }
        return zip(evaluators, names).map { evaluate, name in evaluate?(memory) ?? .unknown(reason: name) }
    }
}

/// A recommended action: fixed, or computed from the match.
enum ActionTarget: Sendable {
    case fixed(String)
    case computed(Evaluator)
}

/// A reason's template compiled: its rule, effect and literal pieces around its placeholders
/// (`pieces[i]` before `values[i]`, the last after them all; `[""]` for an effect without one),
/// shared by every reason it makes, and each placeholder's value as the text shows it.
struct CompiledReason: Sendable {
    let template: Reason.Template
    let values: [Evaluator]
}
