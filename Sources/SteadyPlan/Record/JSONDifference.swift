import Foundation

/// Field-by-field differences between two JSON values (as `JSONSerialization` reads them),
/// each named by its path: `items[1].minutes: 10 → 15`, `removed[2]: missing → {...}`.
enum JSONDifference {
    static func between(_ old: Any, _ new: Any, path: String = "") -> [String] {
        switch (old, new) {
        case let (a as [String: Any], b as [String: Any]):
            return Set(a.keys).union(b.keys).sorted().flatMap { key -> [String] in
                let child = path.isEmpty ? key : "\(path).\(key)"
                switch (a[key], b[key]) {
                case let (x?, y?): return between(x, y, path: child)
                case let (x, y): return ["\(child): \(text(x)) → \(text(y))"]
                }
            }
        case let (a as [Any], b as [Any]):
            return (0..<max(a.count, b.count)).flatMap { index -> [String] in
                let child = "\(path)[\(index)]"
                if index < a.count, index < b.count { return between(a[index], b[index], path: child) }
                return ["\(child): \(text(index < a.count ? a[index] : nil)) → \(text(index < b.count ? b[index] : nil))"]
            }
        default:
            return text(old) == text(new) ? [] : ["\(path): \(text(old)) → \(text(new))"]
        }
    }

    /// A value as compact JSON, or `missing`.
    private static func text(_ value: Any?) -> String {
        guard let value else { return "missing" }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}
