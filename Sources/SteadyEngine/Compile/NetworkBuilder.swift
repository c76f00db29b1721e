import Foundation
import SteadyRules

/// Builds a ``CompiledRuleSet``: splits conditions into shared alpha tests and filters, join
/// keys and remaining tests; compiles effects; and records who reads what.
struct NetworkBuilder {
    let ruleSet: RuleSet
    let slots: SlotTable
    private var alphaTests: [AlphaTest] = []
    private var alphaTestKeys: [String: Int] = [:]
    private var alphaTestReads: [(slots: Set<Int>, templates: Set<Int>)] = []
    private var alphaFilters: [AlphaFilter] = []
    private var alphaFilterKeys: [String: Int] = [:]
    private var alphaFilterReads: [(slots: Set<Int>, templates: Set<Int>)] = []
    private var bindingCount = 0

    init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.slots = SlotTable(schema: ruleSet.schema)
    }

    /// What compiling one rule needs to know that depends on that rule alone, worked out for
    /// every rule before the shared network is built (on several cores for a large rule set).
    private struct RuleAnalysis: Sendable {
        let specificity: Int
        let maxBinding: Int
        let reads: (slots: Set<Int>, templates: Set<Int>)
        let writes: [String]
        let readFacts: Set<String>
        /// For each condition element that is a test (empty for a pattern), its conjuncts with
        /// the bindings each reads and, for those that read none (alpha tests), the key alpha
        /// sharing goes by.
        let conjuncts: [[(expr: CheckedExpr, free: Set<Int>, key: String?)]]

        init(_ rule: Rule, slots: SlotTable) {
            specificity = NetworkBuilder.specificity(rule)
            maxBinding = NetworkBuilder.maxBinding(in: rule)
            reads = NetworkBuilder.reads(of: rule, slots: slots)
            writes = Stratifier.writes(of: rule)
            readFacts = Set(Stratifier.reads(of: rule).map(\.fact))
            conjuncts = rule.condition.elements.map { element -> [(expr: CheckedExpr, free: Set<Int>, key: String?)] in
                guard case .test(let expr) = element else { return [] }
                return NetworkBuilder.conjuncts(expr).map { conjunct in
                    let free = NetworkBuilder.freeBindings(conjunct)
                    return (conjunct, free, free.isEmpty ? conjunct.structuralKey { "#\($0)" } : nil)
                }
            }
        }
    }

    mutating func build() -> CompiledRuleSet {
        let (rules, slots) = (ruleSet.rules, slots)
        let analyses = parallelMap(count: rules.count, jobs: stageJobs(rules.count, upTo: ProcessInfo.processInfo.activeProcessorCount)) {
            RuleAnalysis(rules[$0], slots: slots)
        }
        let positions = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        bindingCount = analyses.map { $0.maxBinding + 1 }.max() ?? 0
        var compiled: [CompiledRule] = []
        var strata: [[Int]] = []
        var recursive: [Bool] = []
        var ruleReads: [(slots: Set<Int>, templates: Set<Int>)] = []
        // Effects are numbered across the compiled rules, in order: a reason template is known by its effect's number.
        var effectsBefore = 0
        for (stratumNumber, ids) in ruleSet.strata.enumerated() {
            let members = ids.compactMap { positions[$0] }.filter { rules[$0].enabled }
                .sorted { (rules[$1].salience, analyses[$1].specificity, rules[$0].id) < (rules[$0].salience, analyses[$0].specificity, rules[$1].id) }
            var numbers: [Int] = []
            var writes: Set<String> = [], reads: Set<String> = []
            for position in members {
                let analysis = analyses[position]
                numbers.append(compiled.count)
                compiled.append(compile(rules[position], analysis, number: compiled.count, stratum: stratumNumber, firstEffect: effectsBefore))
                effectsBefore += rules[position].effects.count
                ruleReads.append(analysis.reads)
                writes.formUnion(analysis.writes)
                reads.formUnion(analysis.readFacts)
            }
            strata.append(numbers)
            recursive.append(!writes.isDisjoint(with: reads))
        }
        var readers = Readers(
            rulesOfSlot: Array(repeating: [], count: slots.names.count),
            rulesOfTemplate: Array(repeating: [], count: slots.templates.count),
            testsOfSlot: Array(repeating: [], count: slots.names.count),
            testsOfTemplate: Array(repeating: [], count: slots.templates.count),
            filtersOfSlot: Array(repeating: [], count: slots.names.count),
            filtersOfTemplate: Array(repeating: [], count: slots.templates.count))
        for (number, reads) in ruleReads.enumerated() {
            for slot in reads.slots.sorted() { readers.rulesOfSlot[slot].append(number) }
            for template in reads.templates.sorted() { readers.rulesOfTemplate[template].append(number) }
        }
        for (test, reads) in alphaTestReads.enumerated() {
            for slot in reads.slots.sorted() { readers.testsOfSlot[slot].append(test) }
            for template in reads.templates.sorted() { readers.testsOfTemplate[template].append(test) }
        }
        for (filter, reads) in alphaFilterReads.enumerated() {
            for slot in reads.slots.sorted() { readers.filtersOfSlot[slot].append(filter) }
            for template in reads.templates.sorted() { readers.filtersOfTemplate[template].append(filter) }
        }
        return CompiledRuleSet(ruleSet: ruleSet, slots: slots, rules: compiled, strata: strata, recursive: recursive,
                               alphaTests: alphaTests, alphaFilters: alphaFilters, readers: readers, bindingCount: bindingCount)
    }

    // MARK: - Rules

    private mutating func compile(_ rule: Rule, _ analysis: RuleAnalysis, number: Int, stratum: Int, firstEffect: Int) -> CompiledRule {
        var bindingTemplates: [Int: Int] = [:]
        var patternPosition: [Int: Int] = [:]
        for element in rule.condition.elements {
            if case .pattern(let binding, _, let template, _) = element {
                bindingTemplates[binding] = slots.templateIndex[template]!
                patternPosition[binding] = patternPosition.count
            }
        }
        let compiler = ExpressionCompiler(slots: slots, bindingTemplates: bindingTemplates)
        var tests: [Int] = [], testsByElement: [[Int]] = []
        var patterns: [(binding: Int, template: Int, alpha: Int, own: [CheckedExpr], keys: [(Int, Evaluator)], tests: [CheckedExpr])] = []
        for (index, element) in rule.condition.elements.enumerated() {
            switch element {
            case .test:
                var elementTests: [Int] = []
                for (conjunct, free, key) in analysis.conjuncts[index] {
                    if let last = free.compactMap({ patternPosition[$0] }).max() {
                        patterns[last].tests.append(conjunct)
                    } else {
                        elementTests.append(alphaTest(conjunct, key: key ?? conjunct.structuralKey { "#\($0)" }))
                    }
                }
                tests += elementTests
                testsByElement.append(elementTests)
            case .pattern(let binding, _, let templateName, let filter):
                let template = slots.templateIndex[templateName]!
                var own: [CheckedExpr] = [], keys: [(Int, Evaluator)] = [], others: [CheckedExpr] = []
                for conjunct in filter.map(Self.conjuncts) ?? [] {
                    let free = Self.freeBindings(conjunct)
                    if free.isSubset(of: [binding]) {
                        own.append(conjunct)
                    } else if let (field, other) = Self.joinKey(conjunct, binding: binding) {
                        keys.append((slots.fieldIndex(field, of: template)!, compiler.compile(other)))
                    } else {
                        others.append(conjunct)
                    }
                }
                let alpha = alphaFilter(template: template, binding: binding, conjuncts: own, bindingTemplates: bindingTemplates)
                patterns.append((binding, template, alpha, own, keys, others))
            }
        }
        return CompiledRule(
            rule: rule, number: number, stratum: stratum, specificity: analysis.specificity, tests: tests,
            testsByElement: patterns.isEmpty ? testsByElement : nil,
            patterns: patterns.map { CompiledPattern(binding: $0.binding, template: $0.template, alpha: $0.alpha, filterConjuncts: $0.own,
                                                     joinKeys: $0.keys.map { (field: $0.0, other: $0.1) },
                                                     tests: $0.tests.map { compiler.compile($0) }, testConjuncts: $0.tests) },
            effects: rule.effects.enumerated().map { compile($1, of: rule.id, at: $0, number: firstEffect + $0, compiler) },
            readSlots: analysis.reads.slots.sorted())
    }

    /// Effect `position` of rule `rule`, compiled; `number` is its place among every compiled rule's effects.
    private func compile(_ action: RuleEffect, of rule: String, at position: Int, number: Int, _ compiler: ExpressionCompiler) -> CompiledEffect {
        func parts(_ template: ReasonTemplate?) -> CompiledReason {
            var pieces = [""], values: [Evaluator] = []
            for part in template?.parts ?? [] {
                switch part {
                case .text(let text):
                    pieces[pieces.count - 1] += text
                case .value(let expr):
                    values.append(Self.readable(compiler.compile(expr), labels: labels(of: expr, compiler)))
                    pieces.append("")
                }
            }
            return CompiledReason(template: Reason.Template(rule: rule, effect: position, pieces: pieces, number: number), values: values)
        }
        switch action {
        case .derive(let derivation):
            if let template = slots.templateIndex[derivation.fact] {
                let names = slots.fields[template], exprs = names.map { derivation.fields[$0] }
                var constant: [Value]? = []
                for (expr, name) in zip(exprs, names) {
                    switch expr?.kind {
                    case .constant(let value)?: constant?.append(value)
                    case nil: constant?.append(.unknown(reason: name))
                    default: constant = nil
                    }
                }
                return .deriveInstance(template: template, fields: InstanceFields(
                    evaluators: exprs.map { $0.map { compiler.compile($0) } }, names: names, constant: constant))
            }
            return .deriveSlot(slot: slots.slotOf[derivation.fact]!, value: derivation.value.map { compiler.compile($0) })
        case .recommend(let recommendation):
            return .recommend(action: target(recommendation.action, compiler), priority: recommendation.priority,
                              reason: parts(recommendation.reason))
        case .suppress(let suppression):
            return .suppress(action: target(suppression.action, compiler), reason: parts(suppression.reason))
        case .alert(let alert):
            return .alert(level: alert.level, message: parts(alert.message), action: alert.action)
        }
    }

    /// A fixed action id, or the compiled expression that computes one.
    private func target(_ reference: ActionReference, _ compiler: ExpressionCompiler) -> ActionTarget {
        switch reference {
        case .id(let id): .fixed(id)
        case .value(let expr): .computed(compiler.compile(expr))
        }
    }

    /// The patient-facing labels of the values `expr` can take: its fact's or field's
    /// `labels:`, else every label the schema declares; nil when `expr` is not an enum or set.
    private func labels(of expr: CheckedExpr, _ compiler: ExpressionCompiler) -> [String: String]? {
        guard expr.type.enumValues != nil else { return nil }
        let schema = ruleSet.schema
        switch expr.kind {
        case .fact(let name):
            return schema.facts[name]?.labels ?? [:]
        case .field(let binding, let name):
            guard let template = compiler.bindingTemplates[binding] else { return schema.valueLabels }
            return schema.templates[slots.templates[template]]?.field(name)?.labels ?? [:]
        default:
            return schema.valueLabels
        }
    }

    /// Enum and set values as a patient reads them: their label (`stress_event` → "a stressful
    /// event"), or, without one, with spaces (`stress event`); a set's items joined with commas.
    private static func readable(_ evaluate: @escaping Evaluator, labels: [String: String]?) -> Evaluator {
        guard let labels else { return evaluate }
        @Sendable func word(_ value: String) -> String { FactDeclaration.label(of: value, in: labels) }
        return { memory in
            switch evaluate(memory) {
            case .string(let text): .string(word(text))
            case .set(let items): .string(items.sorted().map(word).joined(separator: ", "))
            case let value: value
            }
        }
    }

    // MARK: - Alpha sharing

    private mutating func alphaTest(_ expr: CheckedExpr, key: String) -> Int {
        if let existing = alphaTestKeys[key] { return existing }
        let compiler = ExpressionCompiler(slots: slots, bindingTemplates: [:])
        alphaTests.append(AlphaTest(evaluate: compiler.compile(expr), expr: expr))
        alphaTestReads.append(Self.reads(of: [expr], slots: slots))
        alphaTestKeys[key] = alphaTests.count - 1
        return alphaTests.count - 1
    }

    private mutating func alphaFilter(template: Int, binding: Int, conjuncts: [CheckedExpr], bindingTemplates: [Int: Int]) -> Int {
        let key = "\(template)|" + conjuncts.map { $0.structuralKey { $0 == binding ? "$" : "#\($0)" } }.sorted().joined(separator: "&")
        if let existing = alphaFilterKeys[key] { return existing }
        var compiler = ExpressionCompiler(slots: slots, bindingTemplates: bindingTemplates)
        compiler.remap = [binding: bindingCount]
        let compiled = conjuncts.map { compiler.compile($0) }
        var evaluate: Evaluator?
        if !compiled.isEmpty {
            evaluate = { memory in
                for test in compiled where !ExpressionCompiler.isTrue(test(memory)) { return .bool(false) }
                return .bool(true)
            }
        }
        alphaFilters.append(AlphaFilter(template: template, evaluate: evaluate))
        var reads = Self.reads(of: conjuncts, slots: slots)
        reads.templates.insert(template)
        alphaFilterReads.append(reads)
        alphaFilterKeys[key] = alphaFilters.count - 1
        return alphaFilters.count - 1
    }

    // MARK: - Analysis

    /// The terms of a top-level `and`.
    static func conjuncts(_ expr: CheckedExpr) -> [CheckedExpr] {
        if case .and(let terms) = expr.kind { return terms.flatMap(conjuncts) }
        return [expr]
    }

    /// Binding numbers an expression reads that are not bound inside it (by `exists`).
    static func freeBindings(_ expr: CheckedExpr) -> Set<Int> {
        switch expr.kind {
        case .field(let binding, _): return [binding]
        case .exists(_, let binding, let filter): return filter.map { freeBindings($0).subtracting([binding]) } ?? []
        default:
            var free: Set<Int> = []
            expr.forEachChild { free.formUnion(freeBindings($0)) }
            return free
        }
    }

    /// `b.field == other` (either way round) where `other` does not read `b`.
    static func joinKey(_ expr: CheckedExpr, binding: Int) -> (String, CheckedExpr)? {
        guard case .compare(.equal, let left, let right) = expr.kind else { return nil }
        for (mine, other) in [(left, right), (right, left)] {
            if case .field(binding, let field) = mine.kind, !freeBindings(other).contains(binding) { return (field, other) }
        }
        return nil
    }

    /// Slots and templates read anywhere in `exprs`.
    static func reads(of exprs: [CheckedExpr], slots: SlotTable) -> (slots: Set<Int>, templates: Set<Int>) {
        var result: (slots: Set<Int>, templates: Set<Int>) = ([], [])
        func walk(_ expr: CheckedExpr) {
            switch expr.kind {
            case .fact(let name): result.slots.insert(slots.slotOf[name]!)
            case .exists(let template, _, _): result.templates.insert(slots.templateIndex[template]!)
            default: break
            }
            expr.forEachChild(walk)
        }
        exprs.forEach(walk)
        return result
    }

    static func reads(of rule: Rule, slots: SlotTable) -> (slots: Set<Int>, templates: Set<Int>) {
        var exprs: [CheckedExpr] = rule.effects.flatMap(\.expressions)
        var templates: Set<Int> = []
        for element in rule.condition.elements {
            switch element {
            case .test(let expr): exprs.append(expr)
            case .pattern(_, _, let template, let filter):
                templates.insert(slots.templateIndex[template]!)
                if let filter { exprs.append(filter) }
            }
        }
        var result = reads(of: exprs, slots: slots)
        result.templates.formUnion(templates)
        return result
    }

    /// The number of condition atoms (patterns and leaf tests).
    static func specificity(_ rule: Rule) -> Int {
        func atoms(_ expr: CheckedExpr) -> Int {
            switch expr.kind {
            case .and(let terms), .or(let terms): terms.map(atoms).reduce(0, +)
            case .not(let inner): atoms(inner)
            default: 1
            }
        }
        return rule.condition.elements.map { element in
            switch element {
            case .test(let expr): atoms(expr)
            case .pattern(_, _, _, let filter): 1 + (filter.map(atoms) ?? 0)
            }
        }.reduce(0, +)
    }

    /// The highest binding number a rule uses (patterns and `exists`), or -1.
    static func maxBinding(in rule: Rule) -> Int {
        func walk(_ expr: CheckedExpr) -> Int {
            var highest = -1
            if case .exists(_, let binding, _) = expr.kind { highest = binding }
            if case .field(let binding, _) = expr.kind { highest = binding }
            expr.forEachChild { highest = max(highest, walk($0)) }
            return highest
        }
        var highest = -1
        for element in rule.condition.elements {
            switch element {
            case .test(let expr): highest = max(highest, walk(expr))
            case .pattern(let binding, _, _, let filter): highest = max(highest, binding, filter.map(walk) ?? -1)
            }
        }
        return rule.effects.flatMap(\.expressions).map(walk).reduce(highest, max)
    }
}
