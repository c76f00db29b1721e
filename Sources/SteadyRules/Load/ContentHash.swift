import Crypto
import Foundation

/// The SHA-256 content hash of a set of files, independent of their order and paths: the hash
/// of the sorted per-file hashes. Two loads of the same texts give the same hash wherever the
/// files live; any change to any text changes it.
public enum ContentHash {
    /// `sha256:` and 64 hex digits.
    public static func of(_ texts: [String]) -> String {
        let digests = texts.map { text in
            var text = text
            return text.withUTF8 { Array(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
        }.sorted { $0.lexicographicallyPrecedes($1) }
        return "sha256:" + Hex.encode(SHA256.hash(data: digests.flatMap { $0 }))
    }
}
