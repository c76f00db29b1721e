/// The value of every sub-expression an ``Interpreter`` evaluated: what a trace shows as
/// `stress (8) >= 7`.
///
/// Each evaluated node gets an entry when its evaluation starts and its value when it ends, so
/// the entries are in pre-order — a node before its operands, operands in order — which is the
/// order a trace lists them in. A condition has a few dozen nodes: appending to flat arrays and
/// scanning them costs less than hashing each id. A node evaluated more than once (an `exists`
/// filter, once per instance) has its last value, and the entries are not in pre-order
/// (``isPreorder``): the caller walks the expression instead. One recording can serve many
/// expressions in turn (``reset()``).
///
/// ```swift
/// let recording = ExpressionRecording()
/// _ = Interpreter(context: state, recording: recording).evaluate(condition)
/// recording.value(of: condition.id)   // .bool(true)
/// ```
public final class ExpressionRecording {
    private var ids: [Int] = [], texts: [String] = [], values: [Value] = []
    /// Whether some node was evaluated more than once.
    private var repeated = false
    /// Past this many values, look-ups go through an index built once.
    private static let scanned = 64
    /// The last position of each id, once there are more than ``scanned`` values.
    private var index: [Int: Int]?

    public init() {
        ids.reserveCapacity(16)
        texts.reserveCapacity(16)
        values.reserveCapacity(16)
    }

    /// Makes the entry of `expr`, whose evaluation starts; returns its position.
    func begin(_ expr: CheckedExpr) -> Int {
        ids.append(expr.id)
        texts.append(expr.text)
        values.append(.bool(false))
        index = nil
        return ids.count - 1
    }

    /// Gives the entry at `position` the value its evaluation ended with.
    func end(_ position: Int, _ value: Value) {
        values[position] = value
    }

    /// Notes that a node is being evaluated again (an `exists` filter on its next instance).
    func noteRepeat() {
        repeated = true
    }

    /// The last value recorded for node `id`, or nil when it was not evaluated.
    public func value(of id: Int) -> Value? {
        if ids.count <= Self.scanned { return ids.lastIndex(of: id).map { values[$0] } }
        if index == nil { index = Dictionary(ids.enumerated().map { ($1, $0) }) { _, last in last } }
        return index![id].map { values[$0] }
    }

    /// Whether the entries are in pre-order with each node once: no node was evaluated twice.
    public var isPreorder: Bool { !repeated }

    /// How many entries there are.
    public var count: Int { ids.count }

    /// The entry at `position`, in the order evaluations began.
    public func entry(_ position: Int) -> (id: Int, text: String, value: Value) {
        (ids[position], texts[position], values[position])
    }

    /// Empties the recording for the next expression, keeping its room.
    public func reset() {
        ids.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        repeated = false
        index = nil
    }
}
