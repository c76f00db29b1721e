import Testing
@testable import SteadyPlan

/// The id table finds what a dictionary of the same pairs finds.
struct IDTableTests {
    @Test func findsWhatADictionaryFinds() {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("ab_é😀z")
        func randomID() -> String { String((0..<Int.random(in: 0...24, using: &generator)).map { _ in letters.randomElement(using: &generator)! }) }
        for round in 0..<200 {
            // Sizes around the table's growth steps (16 slots, then twice as many as ids), with duplicates.
            let pairs = (0..<(round % 40)).map { index in (id: randomID(), value: index) }
            let table = IDTable(pairs)
            let dictionary = Dictionary(pairs.map { ($0.id, $0.value) }) { first, _ in first }
            for id in pairs.map(\.id) + (0..<20).map({ _ in randomID() }) {
                #expect(table[id] == dictionary[id], "\(id) in \(pairs)")
            }
        }
    }

    /// Ids are equal as strings are: a composed and a decomposed accent, or the Kelvin sign
    /// and K, are one id, whether the key or the id looked up is the one past ASCII.
    @Test func idsAreEqualAsStringsAre() {
        let table = IDTable([(id: "K", value: 1), (id: "caf\u{E9}", value: 2)])
        #expect(table["\u{212A}"] == 1)
        #expect(table["cafe\u{301}"] == 2)
        #expect(table["K"] == 1)
        let kelvin = IDTable([(id: "\u{212A}", value: 1), (id: "walk", value: 2)])
        #expect(kelvin["K"] == 1)
        #expect(kelvin["walk"] == 2)
        #expect(kelvin["k"] == nil)
    }

    /// Ids that share a slot are each found, and one that is absent is not, after a scan past them.
    @Test func idsInTheSameSlotAreEachFound() {
        let ids = (0..<1000).map { "action_\($0)" }
        let colliding = Array(ids.filter { IDTable<Int>.hash($0) & 15 == IDTable<Int>.hash(ids[0]) & 15 }.prefix(6))
        #expect(colliding.count == 6)
        let table = IDTable(colliding.enumerated().map { (id: $1, value: $0) })
        for (index, id) in colliding.enumerated() { #expect(table[id] == index) }
        let absent = ids.first { !colliding.contains($0) && IDTable<Int>.hash($0) & 15 == IDTable<Int>.hash(ids[0]) & 15 }!
        #expect(table[absent] == nil)
        // A string of the same bytes made another way is the same id.
        #expect(table[String(decoding: Array(colliding[3].utf8), as: UTF8.self)] == 3)
    }
}
