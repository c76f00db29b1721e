extension Array {
    /// The element whose `key` equals `target`, in an array sorted by `key` (a binary search).
    func sortedElement<Key: Comparable>(_ key: (Element) -> Key, equalTo target: Key) -> Element? {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if key(self[middle]) < target { low = middle + 1 } else { high = middle }
        }
        return low < count && key(self[low]) == target ? self[low] : nil
    }
}
