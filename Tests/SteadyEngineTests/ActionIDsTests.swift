import Testing
@testable import SteadyEngine

/// A run's recommended ids read the same whether they come as positions in the evaluator's
/// table of ids or as the ids themselves.
struct ActionIDsTests {
    @Test func positionsInATableReadAsTheirIds() {
        let table = ActionIDs.Table(["box_breathing", "neck_stretch", "walk"])
        let byPosition = ActionIDs(table, positions: [0, 2])
        #expect(Array(byPosition) == ["box_breathing", "walk"])
        #expect(byPosition == ["box_breathing", "walk"])
        #expect(byPosition != ["box_breathing", "neck_stretch"])
        #expect(byPosition.description == #"["box_breathing", "walk"]"#)
        var positions: [Int] = []
        #expect(byPosition.forEachPosition(in: table) { positions.append($0) })
        #expect(positions == [0, 2])
    }

    /// Positions are only given in their own table: another table with the same ids, or ids
    /// given as text, are read as ids.
    @Test func onlyTheirOwnTableGetsPositions() {
        let table = ActionIDs.Table(["a", "b"]), twin = ActionIDs.Table(["a", "b"])
        var called = false
        #expect(!ActionIDs(table, positions: [1]).forEachPosition(in: twin) { _ in called = true })
        #expect(!ActionIDs(["b"]).forEachPosition(in: table) { _ in called = true })
        #expect(!called)
        #expect(ActionIDs(table, positions: [1]) == ActionIDs(["b"]))
        #expect(ActionIDs([]).isEmpty)
    }
}
