import SteadyRules

/// One patient's working memory over a compiled rule set: load facts, run to the fixpoint,
/// change inputs, run again. Derived facts are logically supported by the firings that
/// produced them and are withdrawn, with everything that depended on them, when those
/// firings' matches go away (truth maintenance).
///
/// ```swift
/// let session = try Session(compiled, facts: facts)
/// let run = try session.run()
/// try session.set("stress", .integer(3))
/// let updated = try session.run()   // derivations that needed high stress are gone
/// ```
///
/// A session is not thread-safe; give each task its own (the compiled rule set is shared).
public final class Session {
    public let network: CompiledRuleSet
    /// The firing limit every session and the batch's flat evaluator start with.
    public static let defaultFiringLimit = 10_000
    /// The most firings one `run()` may make before it stops with ``EngineError/firingLimit(limit:rules:)``.
    public var firingLimit = Session.defaultFiringLimit
    /// The work limit every session starts with: candidate instances examined while matching.
    public static let defaultWorkLimit = 2_000_000
    /// The most candidate instances one `run()` may examine while matching patterns before it
    /// stops with ``EngineError/workLimit(limit:rule:)``: patterns that nothing joins multiply
    /// (three over 100 instances are a million combinations) long before any rule fires.
    public var workLimit = Session.defaultWorkLimit
    /// Candidates examined so far in this run.
    private var work = 0
    /// Whether firings record every sub-expression value and `run()` explains every miss.
    /// Batch evaluation that needs only results can turn it off.
    public var explains = true

    let memory: WorkingMemory
    private var instanceByID: [Int: FactInstance] = [:]
    private var nextInstanceID = 0

    private enum MatchState { case pending, fired(Int) }
    /// Rules whose inputs changed since they were last matched, queued by stratum.
    private var dirty: [Bool]
    private var dirtyQueues: [[Int]]
    private var matches: [[[Int]: MatchState]]
    private var agenda = Agenda()
    private var alphaValues: [Value?]
    private var alphaMemories: [[Int]?]
    private var joinIndexes: [Int: [Int: [Value: [Int]]]] = [:]

    private var slotSupport: [Int: [(firing: Int, value: Value)]] = [:]
    private var derivedKeys: [Int: [[Value]: Int]] = [:]
    private var instanceSupport: [Int: Set<Int>] = [:]
    private var outputs: [Int: (slots: [Int], instances: [Int])] = [:]
    private var firings: [Firing] = []
    private var active: Set<Int> = []
    private var trace: [TraceEvent] = []
    private var hasRun = false

    /// A session over `network` starting from `facts` (input facts only).
    public init(_ network: CompiledRuleSet, facts: FactBase) throws(EngineError) {
        self.network = network
        let slots = network.slots
        var values = slots.initialValues
        for (name, value) in facts.values.sorted(by: { $0.key < $1.key }) {
            guard let slot = slots.slotOf[name], slots.derivedDefault[slot] == nil else { throw EngineError.unknownInput(name) }
            values[slot] = value
            trace.append(.input(fact: name, value: value))
        }
        memory = WorkingMemory(facts: values, templates: slots.templates.count, bindings: network.bindingCount,
                               today: facts.today?.daysSinceEpoch)
        memory.loadHistory(facts, slots: slots)
        dirty = Array(repeating: true, count: network.rules.count)
        dirtyQueues = network.strata
        matches = Array(repeating: [:], count: network.rules.count)
        alphaValues = Array(repeating: nil, count: network.alphaTests.count)
        alphaMemories = Array(repeating: nil, count: network.alphaFilters.count)
        // Instances are numbered in a canonical order (by their values), so ids, agenda order
        // and the trace are the same whatever order the input lists them in.
        for (template, list) in facts.instances.sorted(by: { $0.key < $1.key }) {
            for fields in list.sorted(by: { Self.canonical($0) < Self.canonical($1) }) { try assert(template, fields) }
        }
    }

    private static func canonical(_ fields: [String: Value]) -> String {
        fields.keys.sorted().map { "\($0)=\(fields[$0]!)" }.joined(separator: ",")
    }

    // MARK: - Changing inputs

    /// Sets an input fact (nil makes it unknown). Takes effect at the next ``run()``.
    public func set(_ name: String, _ value: Value?) throws(EngineError) {
        guard let slot = network.slots.slotOf[name], network.slots.derivedDefault[slot] == nil else {
            throw EngineError.unknownInput(name)
        }
        let newValue = value ?? .unknown(reason: name)
        guard memory.facts[slot] != newValue else { return }
        memory.facts[slot] = newValue
        trace.append(.input(fact: name, value: newValue))
        slotChanged(slot)
    }

    /// Adds an input instance of a multi-instance fact; returns its id.
    @discardableResult
    public func assert(_ template: String, _ fields: [String: Value]) throws(EngineError) -> Int {
        guard let index = network.slots.templateIndex[template],
              network.ruleSet.schema.templates[template]?.isDerived == false else { throw EngineError.unknownInput(template) }
        for name in fields.keys where network.slots.fieldIndex(name, of: index) == nil {
            throw EngineError.unknownInput("\(template).\(name)")
        }
        let values = network.slots.fields[index].map { fields[$0] ?? .unknown(reason: "\(template).\($0)") }
        return addInstance(template: index, fields: values, provenance: .input)
    }

    /// Removes an input instance.
    public func retract(instance id: Int) {
        guard let instance = instanceByID[id], instance.provenance == .input else { return }
        removeInstance(instance)
    }

    // MARK: - Running

    /// Fires rules stratum by stratum until nothing changes.
    public func run() throws(EngineError) -> Run {
        work = 0
        var count = 0
        var perRule: [Int: Int] = [:]
        for (stratum, rules) in network.strata.enumerated() {
            if network.recursive[stratum], hasRun, !dirtyQueues[stratum].isEmpty {
                // Support inside a recursive group can be circular; re-derive the group from scratch.
                for rule in rules {
                    for case .fired(let firing) in matches[rule].values { withdraw(firing) }
                    matches[rule] = [:]
                    markDirty(rule)
                }
            }
            while true {
                while let rule = dirtyQueues[stratum].popLast() {
                    dirty[rule] = false
                    try updateMatches(rule)
                }
                guard let activation = agenda.popBest() else { break }
                count += 1
                perRule[activation.rule, default: 0] += 1
                if count > firingLimit {
                    let busiest = perRule.sorted { ($1.value, network.rules[$0.key].rule.id) < ($0.value, network.rules[$1.key].rule.id) }
                    throw EngineError.firingLimit(limit: firingLimit, rules: busiest.prefix(5).map { network.rules[$0.key].rule.id })
                }
                fire(activation)
            }
        }
        hasRun = true
        return makeRun()
    }

    // MARK: - Matching

    private func markDirty(_ rule: Int) {
        guard !dirty[rule] else { return }
        dirty[rule] = true
        dirtyQueues[network.rules[rule].stratum].append(rule)
    }

    private func updateMatches(_ number: Int) throws(EngineError) {
        let rule = network.rules[number]
        if rule.patterns.isEmpty {
            // No patterns: at most one match, the empty token, so no token sets to build.
            let holds = rule.tests.allSatisfy { ExpressionCompiler.isTrue(alphaValue($0)) }
            switch (holds, matches[number][[]]) {
            case (true, nil):
                matches[number][[]] = .pending
                agenda.insert(Activation(rule: number, token: []))
            case (false, .pending?):
                matches[number][[]] = nil
                agenda.remove(Activation(rule: number, token: []))
            case (false, .fired(let firing)?):
                matches[number][[]] = nil
                withdraw(firing)
            default:
                break
            }
            return
        }
        let found = try tokens(for: rule)
        if found.isEmpty && matches[number].isEmpty { return }
        let current = Set(found)
        for (token, state) in matches[number] where !current.contains(token) {
            matches[number][token] = nil
            switch state {
            case .pending: agenda.remove(Activation(rule: number, token: token))
            case .fired(let firing): withdraw(firing)
            }
        }
        for token in current where matches[number][token] == nil {
            matches[number][token] = .pending
            agenda.insert(Activation(rule: number, token: token))
        }
    }

    /// Every match of a rule's condition: for each, the instance ids its patterns bound.
    private func tokens(for rule: CompiledRule) throws(EngineError) -> [[Int]] {
        for test in rule.tests where !ExpressionCompiler.isTrue(alphaValue(test)) { return [] }
        var tokens: [[Int]] = [[]]
        for pattern in rule.patterns {
            let candidates = alphaMemory(pattern.alpha)
            var next: [[Int]] = []
            for token in tokens {
                bind(token, rule)
                var found = candidates
                if let first = pattern.joinKeys.first {
                    let key = first.other(memory)
                    if key.isUnknown { continue }
                    found = joinIndex(pattern.alpha, field: first.field)[Self.indexKey(key)] ?? []
                }
                work += found.count
                guard work <= workLimit else { throw .workLimit(limit: workLimit, rule: rule.rule.id) }
                for id in found {
                    let fields = instanceByID[id]!.fields
                    memory.bound[pattern.binding] = fields
                    let joins = pattern.joinKeys.dropFirst().allSatisfy { Value.compare(.equal, fields[$0.field], $0.other(memory)) == .bool(true) }
                    if joins, pattern.tests.allSatisfy({ ExpressionCompiler.isTrue($0(memory)) }) {
                        next.append(token + [id])
                    }
                }
            }
            tokens = next
            if tokens.isEmpty { return [] }
        }
        return tokens
    }

    private func bind(_ token: [Int], _ rule: CompiledRule) {
        for (position, id) in token.enumerated() {
            memory.bound[rule.patterns[position].binding] = instanceByID[id]!.fields
        }
    }

    private func alphaValue(_ test: Int) -> Value {
        if let value = alphaValues[test] { return value }
        let value = network.alphaTests[test].evaluate(memory)
        alphaValues[test] = value
        return value
    }

    private func alphaMemory(_ filter: Int) -> [Int] {
        if let ids = alphaMemories[filter] { return ids }
        let definition = network.alphaFilters[filter]
        var ids: [Int] = []
        for instance in memory.instances[definition.template] {
            if let evaluate = definition.evaluate {
                memory.bound[network.alphaBinding] = instance.fields
                guard ExpressionCompiler.isTrue(evaluate(memory)) else { continue }
            }
            ids.append(instance.id)
        }
        alphaMemories[filter] = ids
        return ids
    }

    private func joinIndex(_ filter: Int, field: Int) -> [Value: [Int]] {
        if let index = joinIndexes[filter]?[field] { return index }
        var index: [Value: [Int]] = [:]
        for id in alphaMemory(filter) {
            let value = instanceByID[id]!.fields[field]
            if !value.isUnknown { index[Self.indexKey(value), default: []].append(id) }
        }
        joinIndexes[filter, default: [:]][field] = index
        return index
    }

    /// Numbers index by their numeric value, so `3` joins with `3.0` as `==` says.
    private static func indexKey(_ value: Value) -> Value {
        if case .integer(let number) = value { return .number(Double(number)) }
        return value
    }

    // MARK: - Change propagation

    private func slotChanged(_ slot: Int) {
        let readers = network.readers
        for rule in readers.rulesOfSlot[slot] { markDirty(rule) }
        for test in readers.testsOfSlot[slot] { alphaValues[test] = nil }
        for filter in readers.filtersOfSlot[slot] { invalidate(filter: filter) }
    }

    private func templateChanged(_ template: Int) {
        let readers = network.readers
        for rule in readers.rulesOfTemplate[template] { markDirty(rule) }
        for test in readers.testsOfTemplate[template] { alphaValues[test] = nil }
        for filter in readers.filtersOfTemplate[template] { invalidate(filter: filter) }
    }

    private func invalidate(filter: Int) {
        alphaMemories[filter] = nil
        joinIndexes[filter] = nil
    }

    private func addInstance(template: Int, fields: [Value], provenance: Provenance) -> Int {
        let instance = FactInstance(id: nextInstanceID, template: template, fields: fields, provenance: provenance)
        nextInstanceID += 1
        instanceByID[instance.id] = instance
        memory.instances[template].append(instance)
        templateChanged(template)
        return instance.id
    }

    private func removeInstance(_ instance: FactInstance) {
        instanceByID[instance.id] = nil
        memory.instances[instance.template].removeAll { $0.id == instance.id }
        templateChanged(instance.template)
    }

    // MARK: - Firing and truth maintenance

    private func fire(_ activation: Activation) {
        let rule = network.rules[activation.rule]
        let index = firings.count
        bind(activation.token, rule)
        trace.append(.fired(firing: index))
        let values = explains ? TraceRecorder(facts: view()).values(of: rule.rule, matched: activation.token.compactMap { instanceByID[$0] }) : []
        // The compiled network decided this rule's condition holds; the interpreter, which
        // recorded the values, must agree (checked in debug builds).
        Swift.assert(!explains || rule.rule.condition.roots.allSatisfy { root in values.first { $0.id == root.id }?.value == .bool(true) },
               "[\(rule.rule.id)] fired, but the recorded value of its condition is not true")
        var effects: [Effect] = []
        var derivedSlots: [Int] = [], derivedInstances: [Int] = []
        for effect in rule.effects {
            func render(_ reason: CompiledReason) -> Reason { Reason(reason, memory: memory) }
            switch effect {
            case .deriveSlot(let slot, let value):
                let result = value?(memory) ?? .bool(true)
                slotSupport[slot, default: []].append((index, result))
                derivedSlots.append(slot)
                effects.append(.derived(fact: network.slots.names[slot], value: result))
            case .deriveInstance(let template, let fields):
                let names = network.slots.fields[template]
                let result = fields.values(memory)
                let id = supportInstance(template: template, fields: result, firing: index)
                derivedInstances.append(id)
                effects.append(.derivedInstance(template: network.slots.templates[template], instance: id,
                                                fields: Dictionary(uniqueKeysWithValues: zip(names, result))))
            case .recommend(let target, let priority, let reason):
                // A computed id whose value is missing names no action: nothing is recommended.
                if let action = target.action(in: memory) {
                    effects.append(.recommended(action: action, priority: priority, reason: render(reason)))
                }
            case .suppress(let target, let reason):
                if let action = target.action(in: memory) { effects.append(.suppressed(action: action, reason: render(reason))) }
            case .alert(let level, let message, let action):
                effects.append(.alerted(level: level, message: render(message), action: action))
            }
        }
        firings.append(Firing(index: index, rule: rule.rule.id, stratum: rule.stratum, matched: matched(activation.token, rule),
                              reads: explains ? reads(of: rule) : [], values: values, effects: effects))
        if !derivedSlots.isEmpty || !derivedInstances.isEmpty { outputs[index] = (derivedSlots, derivedInstances) }
        active.insert(index)
        matches[activation.rule][activation.token] = .fired(index)
        for slot in derivedSlots { recompute(slot) }
    }

    /// Withdraws a firing whose match went away, and the support it gave.
    private func withdraw(_ firing: Int) {
        guard active.remove(firing) != nil else { return }
        trace.append(.withdrawn(firing: firing))
        let output = outputs[firing] ?? ([], [])
        for slot in output.slots {
            slotSupport[slot]?.removeAll { $0.firing == firing }
            recompute(slot)
        }
        for id in output.instances {
            instanceSupport[id]?.remove(firing)
            guard instanceSupport[id]?.isEmpty == true, let instance = instanceByID[id] else { continue }
            instanceSupport[id] = nil
            derivedKeys[instance.template]?[instance.fields] = nil
            trace.append(.instanceRetracted(template: network.slots.templates[instance.template], instance: id))
            removeInstance(instance)
        }
    }

    /// A derived slot holds the value of its earliest supporting firing, or its default.
    private func recompute(_ slot: Int) {
        let supports = slotSupport[slot] ?? []
        let earliest = supports.min { $0.firing < $1.firing }
        let value = earliest?.value ?? network.slots.derivedDefault[slot]!
        guard memory.facts[slot] != value else { return }
        memory.facts[slot] = value
        let name = network.slots.names[slot]
        trace.append(earliest.map { .asserted(fact: name, value: value, by: $0.firing) } ?? .retracted(fact: name, value: value))
        slotChanged(slot)
    }

    private func supportInstance(template: Int, fields: [Value], firing: Int) -> Int {
        if let id = derivedKeys[template]?[fields] {
            instanceSupport[id, default: []].insert(firing)
            return id
        }
        let id = addInstance(template: template, fields: fields, provenance: .derived(firing: firing))
        derivedKeys[template, default: [:]][fields] = id
        instanceSupport[id] = [firing]
        trace.append(.instanceAsserted(template: network.slots.templates[template], instance: id, by: firing))
        return id
    }

    // MARK: - Reading the state for explanations

    /// An immutable view of the current facts (after ``run()``: the fixpoint's), which plan
    /// assembly and explanations read.
    public func view() -> FactView {
        FactView(memory, slots: network.slots)
    }

    /// The provenance of a single fact's current value.
    func provenance(ofSlot slot: Int) -> Provenance {
        guard network.slots.derivedDefault[slot] != nil else { return .input }
        return (slotSupport[slot]?.min { $0.firing < $1.firing }).map { .derived(firing: $0.firing) } ?? .notDerived
    }

    private func matched(_ token: [Int], _ rule: CompiledRule) -> [MatchedFact] {
        if token.isEmpty { return [] }
        return zip(token, rule.rule.condition.patternNames).map { id, name in MatchedFact(binding: name, instanceByID[id]!, slots: network.slots) }
    }

    private func reads(of rule: CompiledRule) -> [FactRead] {
        rule.readSlots.map { slot in
            FactRead(fact: network.slots.names[slot], value: memory.facts[slot], provenance: provenance(ofSlot: slot))
        }
    }

    private func makeRun() -> Run {
        let derived = memory.derivedFacts(network)
        var misses: [String: Miss] = [:]
        if explains {
            let fired = Set(active.map { firings[$0].rule })
            misses = TraceRecorder(facts: view()).misses(network, fired: { fired.contains(network.rules[$0].rule.id) },
                                                         holds: { ExpressionCompiler.isTrue(alphaValue($0)) })
        }
        return Run(firings: firings, active: active.sorted(), trace: trace, derived: derived.facts, derivedInstances: derived.instances,
                   misses: misses)
    }
}
