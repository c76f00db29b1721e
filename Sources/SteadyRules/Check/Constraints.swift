/// What a conjunction of conditions requires of single facts, for range and contradiction
/// analysis: numeric intervals, required equal values, excluded values and bool values.
/// Only conjunctions are analysed: an `or` constrains nothing, so the analysis never claims a
/// contradiction that is not there.
struct Constraints {
    /// An interval with inclusive or exclusive ends.
    struct Interval: Equatable {
        var low = -Double.infinity, lowOpen = false
        var high = Double.infinity, highOpen = false

        var isEmpty: Bool { low > high || (low == high && (lowOpen || highOpen)) }

        mutating func intersect(low: Double, open: Bool) {
            if low > self.low || (low == self.low && open) { self.low = low; lowOpen = open }
        }

        mutating func intersect(high: Double, open: Bool) {
            if high < self.high || (high == self.high && open) { self.high = high; highOpen = open }
        }
    }

    private(set) var intervals: [String: Interval] = [:]
    private(set) var equals: [String: Value] = [:]
    private(set) var excluded: [String: Set<Value>] = [:]
    /// Human-readable conditions that made a fact's constraint, for messages.
    private(set) var sources: [String: [String]] = [:]
    /// The first contradiction found, in words.
    private(set) var contradiction: String?

    /// Adds every conjunct of `exprs`.
    init(_ exprs: [CheckedExpr]) {
        exprs.forEach { add($0) }
    }

    mutating func add(_ expr: CheckedExpr) {
        switch expr.kind {
        case .and(let terms):
            terms.forEach { add($0) }
        case .fact(let name) where expr.type == .bool:
            require(name, equals: .bool(true), text: expr.text)
        case .not(let inner):
            if case .fact(let name) = inner.kind, inner.type == .bool { require(name, equals: .bool(false), text: expr.text) }
        case .compare(let op, let left, let right):
            if case .fact(let name) = left.kind, case .constant(let value) = right.kind {
                compare(name, op, value, text: expr.text)
            } else if case .fact(let name) = right.kind, case .constant(let value) = left.kind {
                compare(name, op.mirrored, value, text: expr.text)
            }
        case .between(let subject, let low, let high, false):
            if case .fact(let name) = subject.kind, case .constant(let a) = low.kind, case .constant(let b) = high.kind,
               let a = a.numeric, let b = b.numeric {
                bound(name, low: a, lowOpen: false, high: b, highOpen: false, text: expr.text)
            }
        default:
            break
        }
    }

    /// Narrows each numeric fact to its declared range; returns the conditions outside it.
    mutating func outOfRange(_ schema: Schema) -> [(fact: String, range: String)] {
        var result: [(String, String)] = []
        for (name, interval) in intervals.sorted(by: { $0.key < $1.key }) {
            guard let fact = schema.facts[name], fact.minimum != nil || fact.maximum != nil else { continue }
            var narrowed = interval
            if let minimum = fact.minimum { narrowed.intersect(low: minimum, open: false) }
            if let maximum = fact.maximum { narrowed.intersect(high: maximum, open: false) }
            if narrowed.isEmpty && !interval.isEmpty {
                result.append((name, "\(fact.minimum.map { Value.number($0).description } ?? "")..\(fact.maximum.map { Value.number($0).description } ?? "")"))
            }
        }
        return result
    }

    private mutating func compare(_ name: String, _ op: BinaryOperator, _ value: Value, text: String) {
        if let number = value.numeric {
            switch op {
            case .greater: bound(name, low: number, lowOpen: true, text: text)
            case .greaterEqual: bound(name, low: number, lowOpen: false, text: text)
            case .less: bound(name, high: number, highOpen: true, text: text)
            case .lessEqual: bound(name, high: number, highOpen: false, text: text)
            case .equal: bound(name, low: number, lowOpen: false, high: number, highOpen: false, text: text)
            default: break
            }
            return
        }
        switch op {
        case .equal: require(name, equals: value, text: text)
        case .notEqual:
            sources[name, default: []].append(text)
            excluded[name, default: []].insert(value)
            if equals[name] == value { contradict(name) }
        default: break
        }
    }

    private mutating func bound(_ name: String, low: Double = -.infinity, lowOpen: Bool = false,
                                high: Double = .infinity, highOpen: Bool = false, text: String) {
        sources[name, default: []].append(text)
        var interval = intervals[name] ?? Interval()
        interval.intersect(low: low, open: lowOpen)
        interval.intersect(high: high, open: highOpen)
        intervals[name] = interval
        if interval.isEmpty { contradict(name) }
    }

    private mutating func require(_ name: String, equals value: Value, text: String) {
        sources[name, default: []].append(text)
        if let existing = equals[name], existing != value { contradict(name) }
        if excluded[name]?.contains(value) == true { contradict(name) }
        equals[name] = value
    }

    private mutating func contradict(_ name: String) {
        if contradiction == nil { contradiction = (sources[name] ?? []).joined(separator: " and ") + " cannot all hold" }
    }
}

extension BinaryOperator {
    /// The operator with its operands swapped (`7 <= x` is `x >= 7`).
    var mirrored: BinaryOperator {
        switch self {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        default: self
        }
    }
}

extension Condition {
    /// The boolean tests of the condition (patterns' filters excluded), for analysis.
    var tests: [CheckedExpr] {
        elements.compactMap { if case .test(let expr) = $0 { expr } else { nil } }
    }
}
