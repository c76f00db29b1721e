/// The value of every sub-expression an ``Interpreter`` evaluated: what a trace shows as
/// `stress (8) >= 7`.
///
/// Each evaluated node gets an entry when its evaluation starts and its value when it ends, so
/// the entries are in pre-order — a node before its operands, operands in order — which is the
/// order a trace lists them in. A condition has a few dozen nodes: appending to a flat array and
/// scanning it costs less than hashing each id. A node evaluated more than once (an `exists`
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
    /// One entry per evaluation begun, in that order; handed out whole by ``values``. Not
    /// checked for exclusive access at run time: a recording is one evaluation's, on one thread,
    /// and no method calls out while it changes the array. Each check cost about 80
    /// instructions, more than the append it guarded.
    @exclusivity(unchecked) private var entries: [ExpressionValue] = []
    /// Whether some node was evaluated more than once.
    private var repeated = false
    /// Past this many values, look-ups go through an index.
    private static let scanned = 64
    /// The last position of each id, built once there are more than ``scanned`` values, and
    /// how many entries it covers: rebuilt when there are more.
    private var index: (count: Int, positions: [Int: Int])?

    public init() {
        entries.reserveCapacity(16)
    }

    /// Makes the entry of `expr`, whose evaluation starts; returns its position.
    func begin(_ expr: CheckedExpr) -> Int {
        entries.append(ExpressionValue(id: expr.id, text: expr.text, value: .bool(false)))
        return entries.count - 1
    }

    /// Gives the entry at `position` the value its evaluation ended with.
    func end(_ position: Int, _ value: Value) {
        entries[position].value = value
    }

    /// Notes that a node is being evaluated again (an `exists` filter on its next instance).
    func noteRepeat() {
        repeated = true
    }

    /// The last value recorded for node `id`, or nil when it was not evaluated.
    public func value(of id: Int) -> Value? {
        if entries.count <= Self.scanned { return entries.lastIndex { $0.id == id }.map { entries[$0].value } }
        if index?.count != entries.count {
            index = (entries.count, Dictionary(entries.enumerated().map { ($1.id, $0) }) { _, last in last })
        }
        return index!.positions[id].map { entries[$0].value }
    }

    /// Whether the entries are in pre-order with each node once: no node was evaluated twice.
    public var isPreorder: Bool { !repeated }

    /// Every entry, in the order evaluations began: shared, not copied, so a trace takes them
    /// as they are when they are in pre-order.
    public var values: [ExpressionValue] { entries }

    /// Empties the recording for the next expression. Its room is kept unless its entries were
    /// handed out (``values``), which then keep theirs.
    public func reset() {
        entries.removeAll(keepingCapacity: true)
        repeated = false
        index = nil
    }
}
