import Foundation
import Testing
@testable import SteadyRules

/// Every file under Corpus/broken is a broken input. Its header says what it must produce:
///
///     # with: support/catalog.yaml          (optional: load this file alongside)
///     # expect: SR0401 8:12                 (one line per diagnostic, in order)
///     # expect: SR0504 5:3 in support/x.yaml (a diagnostic in another file)
///
/// The test asserts exactly those codes and positions, nothing more and nothing less, and
/// that nothing was loaded.
struct BrokenCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let folder: String
        let name: String
        let companions: [String]
        let expected: [String]
        var testDescription: String { name }
    }

    static let cases = cases(in: "broken")
    static let lintCases = cases(in: "lint")

    static func cases(in name: String) -> [Case] {
        let folder = Repository.corpus.appendingPathComponent(name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { name in
            let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
            let header = String(decoding: data, as: UTF8.self).split(separator: "\n").prefix(while: { $0.hasPrefix("#") })
            func values(_ key: String) -> [String] {
                header.filter { $0.hasPrefix("# \(key): ") }.map { String($0.dropFirst(key.count + 4)) }
            }
            let expected = values("expect").filter { $0 != "none" }.map { line -> String in
                let parts = line.split(separator: " ")
                let file = parts.count == 4 ? String(parts[3]) : "\(folder.lastPathComponent)/\(name)"
                return "\(file):\(parts[1]) \(parts[0])"
            }
            return Case(folder: folder.lastPathComponent, name: name, companions: values("with"), expected: expected)
        }
    }

    /// The day review dates are judged against: fixed, so the corpus does not age.
    static let reviewDay = Day(iso: "2026-12-03")

    /// Each lint code has a file that triggers exactly it, and clean.yaml triggers nothing.
    @Test(arguments: lintCases)
    func lintWarnsExactly(_ item: Case) throws {
        try brokenInputGivesExactDiagnostics(item)
        let result = RuleLoader(reviewDay: Self.reviewDay).load(sources: (["\(item.folder)/\(item.name)"] + item.companions).map {
            ($0, FileManager.default.contents(atPath: Repository.corpus.appendingPathComponent($0).path) ?? Data())
        })
        #expect(!result.diagnostics.hasErrors)
        #expect(result.ruleSet != nil)
    }

    @Test func everyLintCodeHasACase() {
        let codes = Set(Self.lintCases.flatMap { $0.expected.map { String($0.split(separator: " ").last!) } })
        #expect(codes == Set(DiagnosticCode.allCases.filter { $0.rawValue.hasPrefix("SR07") }.map(\.rawValue)))
        #expect(Self.lintCases.contains { $0.name == "clean.yaml" && $0.expected.isEmpty })
    }

    @Test func corpusIsLargeAndEveryFileHasExpectations() {
        #expect(Self.cases.count >= 30)
        for item in Self.cases { #expect(!item.expected.isEmpty, "\(item.name) has no '# expect:' line") }
    }

    @Test(arguments: cases)
    func brokenInputGivesExactDiagnostics(_ item: Case) throws {
        let paths = ["\(item.folder)/\(item.name)"] + item.companions
        let sources = paths.map { path in
            (path, FileManager.default.contents(atPath: Repository.corpus.appendingPathComponent(path).path) ?? Data())
        }
        let result = RuleLoader(reviewDay: Self.reviewDay).load(sources: sources)
        let actual = result.diagnostics.map { "\($0.span?.file ?? "-"):\($0.span.map { "\($0.start)" } ?? "-") \($0.code.rawValue)" }
        #expect(actual == item.expected)
        #expect(result.ruleSet == nil || !result.diagnostics.hasErrors)
        #expect(result.catalog == nil || !result.diagnostics.hasErrors)
        for diagnostic in result.diagnostics {
            #expect(!diagnostic.message.isEmpty)
        }
    }
}
