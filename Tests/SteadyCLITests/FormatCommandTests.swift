import Foundation
import Testing
import SteadyTestSupport

/// `steady fmt`: --check lists what would change (exit 1) and changes nothing; without it the
/// files are rewritten, after which the rule set loads and plans exactly as before.
struct FormatCommandTests {
    @Test func checkListsThenFormatRewritesAndBehaviourIsUnchanged() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-fmt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("rules"), withIntermediateDirectories: true)
        let shipped = Steady.root.appendingPathComponent("rules/cervical-dystonia")
        // The shipped rules with every indented line two columns further right: same content.
        for name in try FileManager.default.contentsOfDirectory(atPath: shipped.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: shipped.appendingPathComponent(name), encoding: .utf8)
            let messy = text.components(separatedBy: "\n").map { $0.hasPrefix(" ") ? "  " + $0 : $0 }.joined(separator: "\n")
            try messy.write(to: folder.appendingPathComponent("rules/\(name)"), atomically: true, encoding: .utf8)
        }
        let rules = folder.appendingPathComponent("rules").path
        let before = try Steady.run(["plan", "--rules", rules, "--state", "examples/workday-high-stress.yaml", "--format", "json"])
        let check = try Steady.run(["fmt", "--check", rules])
        #expect(check.status == 1)
        #expect(check.stdout.split(separator: "\n").count == 12)
        #expect(check.stdout.contains("would format \(rules)/stress.yaml\n"))
        #expect(try String(contentsOfFile: "\(rules)/stress.yaml", encoding: .utf8).hasPrefix("# yaml-language-server"))

        let format = try Steady.run(["fmt", rules])
        #expect(format.status == 0)
        #expect(format.stdout.contains("formatted \(rules)/stress.yaml\n"))
        for name in ["stress.yaml", "facts.yaml", "triggers.yaml"] {
            #expect(try String(contentsOfFile: "\(rules)/\(name)", encoding: .utf8)
                == String(contentsOf: shipped.appendingPathComponent(name), encoding: .utf8), "\(name)")
        }
        #expect(try Steady.run(["fmt", "--check", rules]).status == 0)
        let after = try Steady.run(["plan", "--rules", rules, "--state", "examples/workday-high-stress.yaml", "--format", "json"])
        // The same plan, with every reason and explanation; only the hash of the rule files' text differs.
        let unhashed = { (text: String) in text.replacingOccurrences(of: #""hash" : "sha256:[0-9a-f]+""#, with: "", options: .regularExpression) }
        #expect(before.status == 0 && unhashed(after.stdout) == unhashed(before.stdout))
        #expect(after.stdout != before.stdout, "the hash is of the text as written")
    }

    @Test func aBrokenFileIsReportedAndLeftAlone() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-fmt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("broken.yaml")
        try "ruleset: t\nrules: [unclosed\n".write(to: file, atomically: true, encoding: .utf8)
        let output = try Steady.run(["fmt", file.path])
        #expect(output.status == 1)
        #expect(output.stderr == "steady: \(file.path) is not valid YAML; run 'steady check \(file.path)'\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "ruleset: t\nrules: [unclosed\n")
    }
}
