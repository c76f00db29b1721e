extension Array where Element == UInt8 {
    /// Makes room for `count` more bytes. Unlike `reserveCapacity(self.count + count)`, which
    /// grows to exactly that, it grows at least twofold, as appending does: a writer that reserves
    /// before each of many lines written into one buffer then copies the buffer a few times in
    /// all, not once per line.
    mutating func reserve(more count: Int) {
        let needed = self.count + count
        if needed > capacity { reserveCapacity(Swift.max(needed, 2 * capacity)) }
    }
}
