import Foundation
import Testing
import SteadyTestSupport

/// `--catalog` is repeatable: the files or folders given together form the catalog (it used to
/// keep only the last one).
struct CatalogOptionTests {
    @Test func severalCatalogPathsFormOneCatalog() throws {
        let state = "examples/workday-high-stress.yaml"
        let whole = try Steady.run(["plan", "--state", state])
        let parts = try Steady.run(["plan", "--state", state, "--catalog", "plans/actions.yaml", "--catalog", "plans/policy.yaml"])
        #expect(whole.status == 0)
        #expect(parts.status == 0, "\(parts.stderr)")
        #expect(parts.stdout == whole.stdout)
        let missing = try Steady.run(["plan", "--state", state, "--catalog", "plans", "--catalog", "no-such-catalog"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder: 'no-such-catalog'"))
    }

    /// A clinic's catalog layer with its own policy: the policy given directly replaces the
    /// default one its import brings in, instead of "more than one plan policy".
    @Test func aClinicPolicyReplacesTheImportedOne() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("clinic-plans"), withIntermediateDirectories: true)
        for name in ["rules", "plans", "examples"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name), withDestinationURL: Steady.root.appendingPathComponent(name))
        }
        try "catalog: riverside-actions\nversion: 1\nimports: [../plans]\n".write(to: folder.appendingPathComponent("clinic-plans/actions.yaml"), atomically: true, encoding: .utf8)
        try """
            policy: riverside-plan
            version: 1
            time_budget_minutes: 45
            max_items: 2
            budget_fact: minutes_available

            """.write(to: folder.appendingPathComponent("clinic-plans/policy.yaml"), atomically: true, encoding: .utf8)
        let output = try Steady.run(["plan", "--catalog", "clinic-plans", "--state", "examples/workday-high-stress.yaml", "--format", "json"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((plan["items"] as? [Any])?.count == 2)
        let both = try Steady.run(["plan", "--catalog", "clinic-plans", "--catalog", "plans", "--state", "examples/workday-high-stress.yaml"], in: folder)
        #expect(both.status == 1)
        #expect(both.stderr.contains("more than one plan policy is loaded"))
    }
}
