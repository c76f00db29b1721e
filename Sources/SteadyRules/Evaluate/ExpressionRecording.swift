/// The value of every sub-expression an ``Interpreter`` evaluated, by node id: what a trace
/// shows as `stress (8) >= 7`.
///
/// Values are kept in the order they were recorded, in two flat arrays: a condition has a few
/// dozen nodes, and appending to an array and scanning it costs less than hashing each id. A
/// node evaluated more than once (an `exists` filter, once per instance) has its last value.
///
/// ```swift
/// let recording = ExpressionRecording()
/// _ = Interpreter(context: state, recording: recording).evaluate(condition)
/// recording.value(of: condition.id)   // .bool(true)
/// ```
public final class ExpressionRecording {
    private var ids: [Int] = [], values: [Value] = []
    /// Past this many values, look-ups go through an index built once.
    private static let scanned = 64
    /// The last position of each id, once there are more than ``scanned`` values.
    private var index: [Int: Int]?

    public init() {
        ids.reserveCapacity(16)
        values.reserveCapacity(16)
    }

    func record(_ id: Int, _ value: Value) {
        ids.append(id)
        values.append(value)
        index = nil
    }

    /// The last value recorded for node `id`, or nil when it was not evaluated.
    public func value(of id: Int) -> Value? {
        if ids.count <= Self.scanned { return ids.lastIndex(of: id).map { values[$0] } }
        if index == nil { index = Dictionary(ids.enumerated().map { ($1, $0) }) { _, last in last } }
        return index![id].map { values[$0] }
    }
}
