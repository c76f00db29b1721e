import Crypto
import Foundation

/// The SHA-256 content hash of a set of files, independent of their order and paths: the hash
/// of the sorted per-file hashes. Two loads of the same texts give the same hash wherever the
/// files live; any change to any text changes it.
enum ContentHash {
    static func of(_ texts: [String]) -> String {
        let digests = texts.map { Data(SHA256.hash(data: Data($0.utf8))) }.sorted { $0.lexicographicallyPrecedes($1) }
        return "sha256:" + SHA256.hash(data: digests.reduce(Data(), +)).map { String(format: "%02x", $0) }.joined()
    }
}
