/// Orders rules by their dependencies through derived facts, so that every rule sees the
/// final value of whatever it reads, whatever the order of files and rules.
///
/// A rule *depends on* another when it reads a fact the other derives. Reads are **positive**
/// when they can only ever help a rule match (a derived bool used as a plain condition, not under
/// `not`; a pattern or `exists` over derived instances); every other read (under `not`, in
/// `known()`, a compared value, an effect's value or reason) is **negative**. Rules that depend
/// on each other form a recursive group evaluated together to a fixpoint; a group is accepted
/// only when every dependency inside it is positive, because only then is its result unique.
/// (Rules cannot read recommendations, so `suppress` cannot take part in a cycle.)
public struct Stratifier {
    /// A fact a rule reads, and whether the read is positive (can only help the rule match).
    public struct Read: Hashable, Sendable {
        public let fact: String
        public let positive: Bool
    }

    /// The strata in evaluation order, each a sorted list of rule ids, and one diagnostic per
    /// rejected cycle.
    static func stratify(_ rules: [Rule], schema: Schema, jobs: Int = 1) -> (strata: [[String]], diagnostics: [Diagnostic]) {
        let rules = rules.sorted { $0.id < $1.id }
        let derived = Set(schema.facts.values.filter(\.isDerived).map(\.name) + schema.templates.values.filter(\.isDerived).map(\.name))
        // The dependency graph goes through fact nodes (rule → fact it reads → rules that write
        // it), so its size is the number of reads and writes, not readers × writers. Nodes
        // 0..<rules.count are rules; the rest are derived facts.
        let facts = derived.sorted()
        let factNode = Dictionary(uniqueKeysWithValues: facts.enumerated().map { ($1, rules.count + $0) })
        let reads = parallelMap(count: rules.count, jobs: jobs) { index -> [(node: Int, positive: Bool)] in
            Self.reads(of: rules[index]).compactMap { read in factNode[read.fact].map { ($0, read.positive) } }
                .sorted { ($0.node, $0.positive ? 1 : 0) < ($1.node, $1.positive ? 1 : 0) }
        }
        var writers = [[Int]](repeating: [], count: facts.count)
        for (index, rule) in rules.enumerated() {
            for fact in Set(Self.writes(of: rule)) { if let node = factNode[fact] { writers[node - rules.count].append(index) } }
        }
        let components = StronglyConnected.components(count: rules.count + facts.count) { node in
            node < rules.count ? Array(Set(reads[node].map { $0.node })).sorted() : writers[node - rules.count]
        }
        var componentOf = [Int](repeating: 0, count: rules.count + facts.count)
        for (index, component) in components.enumerated() {
            for member in component { componentOf[member] = index }
        }
        var diagnostics: [Diagnostic] = []
        // Tarjan's algorithm emits a component after every component it depends on, so a fact
        // outside a component has every writer's level by the time the component needs it.
        var level = [Int](repeating: 0, count: components.count)
        var factLevel = [Int?](repeating: nil, count: facts.count)
        func levelAfter(writers list: [Int], excluding component: Int) -> Int {
            list.filter { componentOf[$0] != component }.map { level[componentOf[$0]] + 1 }.max() ?? 0
        }
        for (index, component) in components.enumerated() {
            let members = component.filter { $0 < rules.count }
            guard !members.isEmpty else { continue }
            // A cycle is accepted only when every read inside it is positive.
            if members.contains(where: { reads[$0].contains { componentOf[$0.node] == index && !$0.positive } }) {
                let ids = members.map { rules[$0].id }.sorted()
                let first = members.min { rules[$0].id < rules[$1].id }!
                diagnostics.append(Diagnostic(
                    .dependencyCycle,
                    "rules depend on each other through a negation or a value: \(ids.map { "'\($0)'" }.joined(separator: ", "))",
                    at: rules[first].span, hint: "a rule may not (indirectly) depend on the absence or the value of a fact it helps derive; split the reasoning into steps",
                    notes: members.filter { $0 != first }.sorted { rules[$0].id < rules[$1].id }
                        .map { .init("'\(rules[$0].id)' is part of the cycle", at: rules[$0].span) }))
            }
            // A component's level is one more than the highest level of a rule it depends on;
            // components on the same level are independent and form one stratum.
            for reader in members {
                for read in reads[reader] {
                    let fact = read.node - rules.count
                    if componentOf[read.node] == index {
                        level[index] = max(level[index], levelAfter(writers: writers[fact], excluding: index))
                    } else {
                        if factLevel[fact] == nil { factLevel[fact] = levelAfter(writers: writers[fact], excluding: -1) }
                        level[index] = max(level[index], factLevel[fact]!)
                    }
                }
            }
        }
        let ruleComponents = components.indices.filter { components[$0].contains { $0 < rules.count } }
        var strata = [[String]](repeating: [], count: (ruleComponents.map { level[$0] }.max() ?? -1) + 1)
        for index in ruleComponents {
            strata[level[index]] += components[index].filter { $0 < rules.count }.map { rules[$0].id }
        }
        strata = strata.map { $0.sorted() }
        return (strata, diagnostics)
    }

    /// The facts a rule derives.
    public static func writes(of rule: Rule) -> [String] {
        rule.effects.compactMap { if case .derive(let derivation) = $0 { derivation.fact } else { nil } }
    }

    /// Every fact a rule reads, in its condition and its effects, with the polarity of the read.
    public static func reads(of rule: Rule) -> Set<Read> {
        var result: Set<Read> = []
        for element in rule.condition.elements {
            switch element {
            case .pattern(_, _, let template, let filter):
                result.insert(Read(fact: template, positive: true))
                if let filter { collect(filter, positive: true, into: &result) }
            case .test(let expr):
                collect(expr, positive: true, into: &result)
            }
        }
        for action in rule.effects {
            for expr in action.expressions { collect(expr, positive: false, into: &result) }
        }
        return result
    }

    /// Reads in `expr`; `positive` is whether `expr` stands where only its truth matters and a
    /// fact becoming true can only help.
    private static func collect(_ expr: CheckedExpr, positive: Bool, into reads: inout Set<Read>) {
        switch expr.kind {
        case .fact(let name):
            reads.insert(Read(fact: name, positive: positive && expr.type == .bool))
        case .and(let terms), .or(let terms):
            for term in terms { collect(term, positive: positive, into: &reads) }
        case .exists(let template, _, let filter):
            reads.insert(Read(fact: template, positive: positive))
            if let filter { collect(filter, positive: positive, into: &reads) }
        default:
            expr.forEachChild { collect($0, positive: false, into: &reads) }
        }
    }
}

/// Tarjan's strongly connected components, iterative so deep chains cannot overflow the stack.
enum StronglyConnected {
    /// Components of the graph with `count` nodes and `successors`, each sorted, in an order
    /// where a component comes after those it points to.
    static func components(count: Int, successors: (Int) -> [Int]) -> [[Int]] {
        var index = [Int](repeating: -1, count: count), low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = [], result: [[Int]] = [], counter = 0
        for root in 0..<count where index[root] < 0 {
            var work: [(node: Int, next: Int, edges: [Int])] = [(root, 0, successors(root))]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while !work.isEmpty {
                let top = work.count - 1
                let (node, next, edges) = work[top]
                if next < edges.count {
                    work[top].next += 1
                    let successor = edges[next]
                    if index[successor] < 0 {
                        index[successor] = counter; low[successor] = counter; counter += 1
                        stack.append(successor); onStack[successor] = true
                        work.append((successor, 0, successors(successor)))
                    } else if onStack[successor] {
                        low[node] = min(low[node], index[successor])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
                if low[node] == index[node] {
                    var component: [Int] = []
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component.append(member)
                        if member == node { break }
                    }
                    result.append(component.sorted())
                }
            }
        }
        return result
    }
}

extension CheckedExpr {
    /// The direct sub-expressions.
    public var children: [CheckedExpr] {
        var children: [CheckedExpr] = []
        forEachChild { children.append($0) }
        return children
    }

    /// Calls `body` with each direct sub-expression in order, without building an array (tree
    /// walks over every rule of a large rule set call this at every node).
    public func forEachChild(_ body: (CheckedExpr) throws -> Void) rethrows {
        switch kind {
        case .constant, .fact, .field, .pastAction: break
        case .arithmetic(_, let l, let r), .compare(_, let l, let r): try body(l); try body(r)
        case .negate(let e), .not(let e), .known(let e), .daysSince(let e), .history(_, let e, _), .size(let e): try body(e)
        case .text(_, let l, let r): try body(l); try body(r)
        case .conditional(let c, let t, let o): try body(c); try body(t); try body(o)
        case .and(let terms), .or(let terms), .list(let terms): for term in terms { try body(term) }
        case .contains(let element, let collection, _): try body(element); try body(collection)
        case .between(let value, let low, let high, _): try body(value); try body(low); try body(high)
        case .exists(_, _, let filter): if let filter { try body(filter) }
        }
    }
}

extension RuleEffect {
    /// The expressions an effect evaluates when it fires (values, fields, reason placeholders).
    public var expressions: [CheckedExpr] {
        func parts(_ template: ReasonTemplate?) -> [CheckedExpr] {
            template?.parts.compactMap { if case .value(let expr) = $0 { expr } else { nil } } ?? []
        }
        switch self {
        case .derive(let derivation): return (derivation.value.map { [$0] } ?? []) + derivation.fields.keys.sorted().map { derivation.fields[$0]! }
        case .recommend(let recommendation): return Array(recommendation.action.expression.map { [$0] } ?? []) + parts(recommendation.reason)
        case .suppress(let suppression): return Array(suppression.action.expression.map { [$0] } ?? []) + parts(suppression.reason)
        case .alert(let alert): return parts(alert.message)
        }
    }
}
