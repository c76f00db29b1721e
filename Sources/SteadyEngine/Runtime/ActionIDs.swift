/// Action ids, sorted and each once: the actions a run recommended, before plan assembly.
///
/// A ``FlatEvaluator`` gives them as positions in its table of the ids its rules can recommend
/// (``FlatEvaluator/recommendable``), so that a batch line neither copies each id (a reference
/// counted per id, twice) nor hashes or escapes it to write it: a writer that has the table's
/// ids written out already copies their bytes by position (``forEachPosition(in:_:)``). Read as a
/// collection, they are the ids themselves.
///
/// ```swift
/// let ids = ActionIDs(["box_breathing", "neck_stretch"])
/// ids.joined(separator: ", ")   // "box_breathing, neck_stretch"
/// ```
public struct ActionIDs: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The ids a flat evaluator's rules can recommend, sorted and each once, shared by every
    /// run of the evaluator.
    public final class Table: Sendable {
        public let ids: [String]

        init(_ ids: [String]) { self.ids = ids }
    }

    /// The table and the positions in it, or the ids themselves (a session's run, or ids
    /// computed from a state that the table does not hold).
    private let table: Table?
    private let positions: [Int32]
    private let ids: [String]

    /// `ids`, which are sorted and each once.
    public init(_ ids: [String]) {
        (table, positions, self.ids) = (nil, [], ids)
    }

    public init(arrayLiteral ids: String...) {
        self.init(ids)
    }

    /// The ids at `positions` (ascending) of `table`.
    init(_ table: Table, positions: [Int32]) {
        (self.table, self.positions, ids) = (table, positions, [])
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { table == nil ? ids.count : positions.count }

    public subscript(position: Int) -> String {
        guard let table else { return ids[position] }
        return table.ids[Int(positions[position])]
    }

    /// Calls `body` with each id's position in `table`, in order, when the ids were given so,
    /// and returns true; returns false without calling it otherwise (read the ids then).
    public func forEachPosition(in table: Table, _ body: (Int) -> Void) -> Bool {
        guard self.table === table else { return false }
        for position in positions { body(Int(position)) }
        return true
    }

    public static func == (left: ActionIDs, right: ActionIDs) -> Bool {
        left.elementsEqual(right)
    }

    public var description: String { Array(self).description }
}
