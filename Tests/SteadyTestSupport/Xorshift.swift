/// A small deterministic generator for building test structures (expression trees, rule sets)
/// from one seed, so a failing property-test case can be replayed from its seed.
public struct Xorshift: Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}
