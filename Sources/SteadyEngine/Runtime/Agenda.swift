/// A rule instance waiting to fire: a rule and the instances its patterns matched.
struct Activation: Hashable, Comparable {
    /// Rule numbers already encode conflict resolution (salience, specificity, id).
    let rule: Int
    let token: [Int]

    static func < (lhs: Activation, rhs: Activation) -> Bool {
        lhs.rule != rhs.rule ? lhs.rule < rhs.rule : lhs.token.lexicographicallyPrecedes(rhs.token)
    }
}

/// The pending activations; the best (lowest) fires first, so the order is deterministic.
struct Agenda {
    private var pending: Set<Activation> = []

    var isEmpty: Bool { pending.isEmpty }

    mutating func insert(_ activation: Activation) { pending.insert(activation) }

    mutating func remove(_ activation: Activation) { pending.remove(activation) }

    mutating func removeAll(where predicate: (Activation) -> Bool) { pending = pending.filter { !predicate($0) } }

    mutating func popBest() -> Activation? {
        guard let best = pending.min() else { return nil }
        pending.remove(best)
        return best
    }
}
