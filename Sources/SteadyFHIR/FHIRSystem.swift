import Crypto
import Foundation
import SteadyRules

/// The addresses Steady's FHIR resources name: its CodeSystems and canonical URLs, the external
/// code systems it uses, and deterministic `urn:uuid:` ids, so the same plan always gives the
/// same resources.
public enum FHIRSystem {
    /// The base of Steady's canonical URLs.
    public static let base = "https://steady.example/fhir"
    /// The catalog's actions, one concept per action id.
    public static let actions = base + "/CodeSystem/steady-actions"
    /// The rule set's input facts (`stress`, `sleep.hours`) and their values (`triggers.caffeine`).
    public static let facts = base + "/CodeSystem/steady-facts"
    public static let loinc = "http://loinc.org"
    /// LOINC 72514-3, pain severity 0-10 verbal numeric rating: read as `pain`.
    public static let loincPain = "72514-3"
    public static let ucum = "http://unitsofmeasure.org"

    /// The canonical URL of a resource Steady defines, by its name made a FHIR id
    /// (`PlanDefinition/cervical-dystonia`, `ActivityDefinition/heat-pack`).
    public static func canonical(_ type: String, _ name: String) -> String { "\(base)/\(type)/\(id(name))" }

    /// `name` as a FHIR id (letters, digits, `-` and `.`, at most 64): `_` becomes `-`.
    public static func id(_ name: String) -> String {
        String(String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "-" }).prefix(64))
    }

    /// A `urn:uuid:` made from `parts` (a name-based UUID over SHA-256): the same parts, the
    /// same id, so a plan's Bundle is byte for byte the same each time.
    public static func uuid(_ parts: String...) -> String {
        var bytes = Array(SHA256.hash(data: Data(parts.joined(separator: "\u{1f}").utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = Hex.encode(bytes)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return "urn:uuid:" + groups.joined(separator: "-")
    }

    /// A Bundle of type `collection` holding `resources`, each entry's `fullUrl` its `urn:uuid:`.
    static func bundle(id: String, _ resources: [(fullUrl: String, resource: [String: Any])]) -> [String: Any] {
        ["resourceType": "Bundle", "id": id, "type": "collection",
         "entry": resources.map { ["fullUrl": $0.fullUrl, "resource": $0.resource] }]
    }

    /// JSON text of a resource: keys sorted, indented, one trailing newline.
    public static func json(_ resource: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: resource, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
