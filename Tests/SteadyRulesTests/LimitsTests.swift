import Foundation
import Testing
@testable import SteadyRules
import SteadyTestSupport

/// Every limit has a test: hostile input fails fast with its own code, never a hang or a crash.
struct LimitsTests {
    @Test func fileSizeLimit() {
        var limits = Limits()
        limits.maxFileBytes = 100
        let result = load("ruleset: t\nversion: 1\ndescription: \(String(repeating: "x", count: 200))\n", limits: limits)
        #expect(positions(result) == ["SR0101 1:1"])
        #expect(result.diagnostics[0].message == "file is 236 bytes; the limit is 100")
    }

    @Test func billionLaughsIsRejectedBeforeParsing() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let previous = Character(UnicodeScalar(96 + level)!), name = Character(UnicodeScalar(97 + level)!)
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let result = load(text)
        #expect(positions(result) == ["SR0104 1:4"])
        #expect(result.diagnostics[0].message == "YAML anchors and aliases are not allowed")
    }

    @Test func ampersandInsideWordsIsNotAnAnchor() {
        let result = load("ruleset: t\nversion: 1\ndescription: R&D and stress && pain x&y é&z 7&x\n")
        #expect(!result.diagnostics.hasErrors)
    }

    /// The pre-scan counts columns in characters, whatever their UTF-8 length.
    @Test func preScanPositionsCountCharacters() {
        let reader = YAMLReader()
        func problems(_ text: String) -> [String] {
            reader.read(Data(text.utf8), path: "t.yaml").diagnostics.map { "\($0.code.rawValue) \($0.span!.start) \($0.message)" }
        }
        #expect(problems("a: 1\nb: é😀 &x\n") == ["SR0104 2:7 YAML anchors and aliases are not allowed"])
        #expect(problems("&a x\n") == ["SR0104 1:1 YAML anchors and aliases are not allowed"])
        #expect(problems("a: ü\u{01}\n") == ["SR0108 1:5 control character U+0001 in the file"])
        #expect(problems("a: \u{7F}\n") == ["SR0108 1:4 control character U+007F in the file"])
    }

    @Test(arguments: [
        (String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000), "SR0106"),
        (String(repeating: "{a: ", count: 5000) + "1" + String(repeating: "}", count: 5000), "SR0106"),
        ((0..<1200).map { String(repeating: " ", count: $0) + "a:\n" }.joined() + String(repeating: " ", count: 1200) + "b: 1\n", "SR0106"),
        ((0..<40).map { String(repeating: " ", count: $0) + "a:\n" }.joined() + String(repeating: " ", count: 40) + "b: 1\n", "SR0106"),
    ])
    func nestingLimit(_ text: String, _ code: String) {
        let result = load(text)
        #expect(result.diagnostics.map(\.code.rawValue) == [code])
    }

    @Test func nestingWithinTheLimitLoads() {
        var limits = Limits()
        limits.maxNestingDepth = 5
        let reader = YAMLReader(limits: limits)
        let within = reader.read(Data("description: [[[x]]]\n".utf8), path: "t.yaml")
        #expect(within.diagnostics.isEmpty)
        #expect(within.root != nil)
        let deeper = reader.read(Data("description: [[[[[x]]]]]\n".utf8), path: "t.yaml")
        #expect(deeper.diagnostics.map { "\($0.code.rawValue) \($0.span!.start)" } == ["SR0106 1:18"])
        #expect(deeper.root == nil)
    }

    @Test func expressionLimitsApplyInFiles() {
        var limits = Limits()
        limits.maxExpressionLength = 20
        let long = load(ruleFile(when: "\"stress >= 7 and pain >= 7\""), limits: limits)
        #expect(positions(long) == ["SR0304 17:12"])
        limits = Limits()
        limits.maxExpressionDepth = 3
        let deep = load(ruleFile(when: "\"((((stress)))) >= 7\""), limits: limits)
        #expect(positions(deep) == ["SR0305 17:15"])
    }

    @Test func ruleCountLimit() {
        var limits = Limits()
        limits.maxRules = 2
        let rules = (1...3).map { "  - {id: r\($0), title: R, then: [{alert: clinician, message: call}]}\n" }.joined()
        let result = load("ruleset: t\nversion: 1\nrules:\n" + rules, limits: limits)
        #expect(positions(result) == ["SR0206 4:3"])
        #expect(result.diagnostics[0].message == "3 rules in one file; the limit is 2")
    }

    @Test func ruleCountLimitAcrossFiles() {
        var limits = Limits()
        limits.maxRules = 2
        func file(_ ids: [Int]) -> String {
            "ruleset: t\nversion: 1\nrules:\n" + ids.map { "  - {id: r\($0), title: R, then: [{alert: clinician, message: call}]}\n" }.joined()
        }
        let result = load(["a.yaml": file([1, 2]), "b.yaml": file([3])], limits: limits)
        #expect(result.diagnostics.map { "\($0.code.rawValue) \($0.message)" } == ["SR0206 3 rules in the rule set; the limit is 2"])
        #expect(result.ruleSet == nil)
    }

    @Test func factCountLimit() {
        var limits = Limits()
        limits.maxFacts = 1
        let result = load("ruleset: t\nversion: 1\nfacts:\n  a: {type: bool}\n  b: {type: bool}\n", limits: limits)
        #expect(positions(result) == ["SR0206 4:3"])
    }

    @Test func binaryGarbageIsNotUTF8() {
        let bytes: [UInt8] = Array("ruleset: t\nver".utf8) + [0xFF, 0xFE, 0x00, 0x80]
        let result = RuleLoader().load(sources: [("bin.yaml", Data(bytes))])
        #expect(positions(result) == ["SR0102 2:4"])
        #expect(result.diagnostics[0].message == "file is not UTF-8 text (invalid byte at offset 14)")
    }

    @Test func byteOrderMarkIsAccepted() {
        let result = RuleLoader().load(sources: [("bom.yaml", Data([0xEF, 0xBB, 0xBF] + Array("ruleset: t\nversion: 1\n".utf8)))])
        #expect(!result.diagnostics.hasErrors)
        #expect(result.ruleSet?.name == "t")
    }

    @Test func fileCountLimitAndMissingPath() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<3 {
            try Data("ruleset: t\nversion: 1\n".utf8).write(to: folder.appendingPathComponent("f\(index).yaml"))
        }
        var limits = Limits()
        limits.maxFiles = 2
        let result = RuleLoader(limits: limits).load(paths: [folder.path, folder.appendingPathComponent("missing.yaml").path])
        #expect(result.diagnostics.map(\.code.rawValue) == ["SR0109", "SR0206"])
        #expect(result.ruleSet == nil)
    }
}
