/// A rule instance waiting to fire: a rule and the instances its patterns matched.
struct Activation: Hashable, Comparable {
    /// Rule numbers already encode conflict resolution (salience, specificity, id).
    let rule: Int
    let token: [Int]

    static func < (lhs: Activation, rhs: Activation) -> Bool {
        lhs.rule != rhs.rule ? lhs.rule < rhs.rule : lhs.token.lexicographicallyPrecedes(rhs.token)
    }
}

/// The pending activations, kept sorted; the best (lowest) fires first, so the order is
/// deterministic. Stored best-last, so taking the best is O(1).
struct Agenda {
    private var pending: [Activation] = []

    var isEmpty: Bool { pending.isEmpty }

    mutating func insert(_ activation: Activation) {
        let index = position(of: activation)
        if index == pending.count || pending[index] != activation { pending.insert(activation, at: index) }
    }

    mutating func remove(_ activation: Activation) {
        let index = position(of: activation)
        if index < pending.count, pending[index] == activation { pending.remove(at: index) }
    }

    mutating func popBest() -> Activation? {
        pending.popLast()
    }

    /// The first index whose activation is not above `activation` (binary search over the
    /// descending list).
    private func position(of activation: Activation) -> Int {
        var low = 0, high = pending.count
        while low < high {
            let middle = (low + high) / 2
            if activation < pending[middle] { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
