import Foundation
import Testing
@testable import SteadyRules

struct DiagnosticRendererTests {
    @Test func rendersLikeTheSwiftCompiler() {
        let text = ruleFile(when: "\"stres >= 7\"")
        let result = load(text)
        let rendered = DiagnosticRenderer(files: result.files).render(result.diagnostics) + DiagnosticRenderer.summary(result.diagnostics)
        #expect(rendered == """
            test.yaml:17:12: error[SR0401]: unknown fact 'stres'
               17 |     when: "stres >= 7"
                  |            ^~~~~
                  = hint: did you mean 'stress'?

            1 error, 0 warnings

            """)
    }

    /// Regression: a file with Windows line ends was one line to the renderer (a Character split
    /// does not see "\r\n" as "\n"), so positions were off and excerpts were the whole file.
    @Test func windowsLineEndsGiveTheSamePositionsAndExcerpts() {
        func rendered(_ text: String) -> String {
            let result = load(text)
            return DiagnosticRenderer(files: result.files).render(result.diagnostics)
        }
        let unix = ruleFile(when: "\"stres >= 7\"")
        #expect(rendered(unix).hasPrefix("test.yaml:17:12: error[SR0401]: unknown fact 'stres'\n   17 |     when: \"stres >= 7\"\n"))
        #expect(rendered(unix.replacingOccurrences(of: "\n", with: "\r\n")) == rendered(unix))
    }

    @Test func rendersNotesWithTheirOwnExcerpt() {
        let result = load("ruleset: t\nversion: 1\nrules:\n  - {id: a, title: A, then: [{alert: clinician, message: x}]}\n  - {id: a, title: B, then: [{alert: clinician, message: y}]}\n")
        let rendered = DiagnosticRenderer(files: result.files).render(result.diagnostics[0])
        #expect(rendered == """
            test.yaml:5:10: error[SR0501]: rule id 'a' is used twice
                5 |   - {id: a, title: B, then: [{alert: clinician, message: y}]}
                  |          ^
            test.yaml:4:10: note: first used here
                4 |   - {id: a, title: A, then: [{alert: clinician, message: x}]}
                  |          ^
            """)
    }

    @Test func capsLongLists() {
        let result = load(ruleFile(when: "\"stres >= 7 and pian >= 2 and fatige > 1\""))
        let rendered = DiagnosticRenderer(files: result.files).render(result.diagnostics, limit: 1)
        #expect(rendered.hasSuffix("      = hint: did you mean 'stress'?\n\n... and 2 more (use --format json to see all)\n\n"))
    }

    @Test func aLongLineIsCutAroundTheColumnWithItsCaret() {
        let line = String(repeating: "a", count: 150_000) + "XYZ" + String(repeating: "b", count: 50_000)
        let file = SourceFile(path: "long.json", text: line + "\n")
        let diagnostic = Diagnostic(.unknownStateField, "unknown", at: SourceSpan(file: "long.json", start: .init(line: 1, column: 150_001), length: 3))
        let lines = DiagnosticRenderer(files: [file]).render(diagnostic).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count < 260 })
        let excerpt = lines[1], caret = lines[2]
        let caretColumn = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
        #expect(Array(excerpt)[caretColumn...].prefix(3) == ["X", "Y", "Z"])
        #expect(caret.hasSuffix("^~~"))
    }

    @Test func manyDiagnosticsAreCappedByDefault() {
        let file = SourceFile(path: "s.json", text: "{}\n")
        let many = (1...250).map { Diagnostic(.unknownStateField, "unknown field \($0)", at: SourceSpan(file: "s.json", start: .init(line: 1, column: 1))) }
        let rendered = DiagnosticRenderer(files: [file]).render(many)
        #expect(rendered.components(separatedBy: "error[SR0601]").count - 1 == DiagnosticRenderer.defaultLimit)
        #expect(rendered.hasSuffix("... and 150 more (use --format json to see all)\n\n"))
    }

    @Test func everyCodeIsDocumented() throws {
        let docs = try String(contentsOfFile: Repository.path("docs/diagnostics.md"), encoding: .utf8)
        for code in DiagnosticCode.allCases {
            #expect(docs.contains("### \(code.rawValue) \(code.name)"), "\(code.rawValue) \(code.name) is not in docs/diagnostics.md")
        }
        #expect(Set(DiagnosticCode.allCases.map(\.rawValue)).count == DiagnosticCode.allCases.count)
    }
}
