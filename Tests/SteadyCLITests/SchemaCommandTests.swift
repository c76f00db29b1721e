import Foundation
import Testing

/// The committed editor schemas are exactly what `steady schema` makes, and the shipped files
/// point at them.
struct SchemaCommandTests {
    @Test(arguments: [
        (["schema", "rules"], "docs/schema/rules.schema.json"),
        (["schema", "catalog"], "docs/schema/catalog.schema.json"),
        (["schema", "policy"], "docs/schema/policy.schema.json"),
        (["schema", "state", "--rules", "rules/cervical-dystonia"], "docs/schema/state.schema.json"),
        (["schema", "history", "--rules", "rules/cervical-dystonia"], "docs/schema/history.schema.json"),
    ])
    func committedSchemaIsCurrent(_ arguments: [String], _ file: String) throws {
        let output = try Steady.run(arguments)
        #expect(output.status == 0)
        let committed = try String(contentsOf: Steady.root.appendingPathComponent(file), encoding: .utf8)
        #expect(output.stdout == committed, "regenerate with: steady \(arguments.joined(separator: " ")) > \(file)")
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(json?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test func shippedFilesPointAtTheirSchema() throws {
        let folder = Steady.root.appendingPathComponent("rules/cervical-dystonia")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema=../../docs/schema/rules.schema.json\n"), "\(name)")
        }
    }

    @Test func stateSchemaDescribesTheInputFacts() throws {
        let output = try Steady.run(["schema", "state", "--rules", "rules/cervical-dystonia"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let properties = try #require(json["properties"] as? [String: Any])
        #expect(json["required"] as? [String] == ["date"])
        #expect(properties["stress"] != nil)
        #expect(properties["high_stress_day"] == nil)
        #expect(json["additionalProperties"] as? Bool == false)
    }
}
