/// Values by action id, for the look-ups every plan makes (assembling an item, writing it):
/// an id is hashed with FNV-1a over its UTF-8 bytes, which for an id of a few dozen bytes costs
/// about a third of what a `Dictionary`'s seeded SipHash does — a plan of the shipped base
/// looks up some fifteen ids. Collisions go to the next slot; the table is at most half full,
/// so a look-up ends at an empty slot within the table's size (ids that collide on purpose,
/// from a state's text, cost a scan of a table no bigger than twice the catalog). Immutable
/// once made, hence safe to share.
///
/// Ids are equal as Swift strings are, by canonical equivalence, which bytes alone do not
/// decide once a byte is past ASCII (`"\u{212A}"`, the Kelvin sign, equals `"K"`). When every
/// key is ASCII (as catalog ids are), an id found by its bytes is that key, and only an id
/// not found that is not ASCII is looked up again in a `Dictionary`, whose hashing follows
/// string equality; keys past ASCII are always looked up there.
struct IDTable<Value: Sendable>: Sendable {
    private let ids: [String?]
    private let values: [Value?]
    private let mask: Int
    /// Every pair, for an id that is not ASCII, or every id when a key is not.
    private let byEquality: [String: Value]
    private let keysAreASCII: Bool

    /// The table of `pairs`; of two pairs with one id, the first is kept.
    init(_ pairs: [(id: String, value: Value)]) {
        var size = 16
        while size < 2 * pairs.count { size *= 2 }
        var ids = [String?](repeating: nil, count: size), values = [Value?](repeating: nil, count: size)
        for (id, value) in pairs {
            var slot = Self.hash(id) & (size - 1)
            while let taken = ids[slot], taken != id { slot = (slot + 1) & (size - 1) }
            guard ids[slot] == nil else { continue }
            (ids[slot], values[slot]) = (id, value)
        }
        (self.ids, self.values, mask) = (ids, values, size - 1)
        byEquality = Dictionary(pairs.map { ($0.id, $0.value) }) { first, _ in first }
        keysAreASCII = pairs.allSatisfy { $0.id.isASCII }
    }

    subscript(id: String) -> Value? {
        guard keysAreASCII else { return byEquality[id] }
        var slot = Self.hash(id) & mask
        while let taken = ids[slot] {
            if taken == id { return values[slot] }
            slot = (slot + 1) & mask
        }
        return id.isASCII ? nil : byEquality[id]
    }

    /// FNV-1a (64 bits) of `id`'s UTF-8 bytes.
    static func hash(_ id: String) -> Int {
        func fnv<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Int {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return Int(truncatingIfNeeded: hash)
        }
        return id.utf8.withContiguousStorageIfAvailable(fnv) ?? fnv(id.utf8)
    }
}

extension String {
    /// Whether every byte is ASCII: such a string equals another ASCII string exactly when
    /// their bytes are equal.
    var isASCII: Bool {
        utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains { $0 >= 0x80 } } ?? !utf8.contains { $0 >= 0x80 }
    }
}
