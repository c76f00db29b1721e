import Foundation
import PropertyBased
import SteadyTestSupport
import Testing
@testable import SteadyRules

/// A large file composed in pieces on several cores reads exactly as the whole file composed at
/// once: the same tree, positions and diagnostics.
struct SplitReadTests {
    static let small = "ruleset: x\nfacts:\n  a: 1\nrules:\n  - id: a\n    when: x\n  # c\n  - id: b\n  - id: c\n  - id: d\n"

    /// Reads `text` on `jobs` cores, cutting it however small it is.
    static func read(_ text: String, jobs: Int) -> YAMLReader.Result {
        YAMLReader(jobs: jobs, splitFrom: 0).read(Data(text.utf8), path: "r.yaml")
    }

    /// Composes `text` in pieces only (nil when the pieces are refused).
    static func pieces(_ text: String, jobs: Int) -> YAMLNode? {
        guard let cut = ListSplitter.cut(text, into: jobs) else { return nil }
        return YAMLReader(jobs: jobs, splitFrom: 0).composeInPieces(text, cut, path: "r.yaml")
    }

    @Test func cutsAtItemsOfTheLastTopLevelListIntoEvenPieces() throws {
        // Items start at bytes 32 (line 4), 60, 70 and 80; the list spans bytes 32..<90.
        for (jobs, lines) in [(2, [0, 8]), (3, [0, 7, 8]), (4, [0, 7, 8, 9]), (5, [0, 7, 8, 9])] {
            let cut = try #require(ListSplitter.cut(Self.small, into: jobs))
            #expect(cut.indent == 2)
            #expect(cut.pieces.map(\.linesBefore) == lines, "jobs \(jobs)")
            #expect(cut.pieces.map { String(Substring(Self.small.utf8[$0.start..<$0.end])) }.joined() == Self.small)
        }
        #expect(ListSplitter.cut(Self.small, into: 1) == nil)
    }

    @Test func cutsOnlyAListThatRunsToTheEnd() {
        #expect(ListSplitter.cut(Self.small + "tail: 1\n", into: 2) == nil)
        #expect(ListSplitter.cut(Self.small + "tail: 1\nmore:\n  - a\n  - b\n", into: 2)?.indent == 2)
        #expect(ListSplitter.cut("rules: [a,\n  b]\n", into: 2) == nil)
        #expect(ListSplitter.cut("rules:\n  - only\n", into: 2) == nil)
        #expect(ListSplitter.cut("rules:\n- a\n- b\n- c\n", into: 2)?.indent == 0)
    }

    @Test func piecesJoinIntoTheWholeFilesTree() throws {
        let text = """
            ruleset: x
            rules:\r
              - id: a
                title: |
                  first
                  - not an item
                when: "stress >= 7"
              # a comment between items
              - id: b
                title: plain text
                  continued
                then: [{recommend: c},
                  {recommend: d}]
              - id: é😀
                tags:
                  - nested
                  - list
              -
                id: e

            """
        let whole = Self.read(text, jobs: 1)
        let root = try #require(whole.root)
        for jobs in 2...5 {
            #expect(Self.pieces(text, jobs: jobs) == root, "jobs \(jobs)")
            #expect(Self.read(text, jobs: jobs).root == root)
        }
        let indentless = "rules:\n- a\n- b: 1\n  c: 2\n- d\n"
        #expect(Self.pieces(indentless, jobs: 3) == Self.read(indentless, jobs: 1).root)
    }

    @Test func aQuoteOrBracketAcrossACutFallsBackToTheWholeFile() throws {
        let quoted = "rules:\n  - a\n  - \"two\n  - lines\"\n  - b\n"
        let flow = "rules:\n  - a\n  - [x,\n  - y]\n  - b\n"
        for text in [quoted, flow] {
            let whole = Self.read(text, jobs: 1)
            for jobs in 2...4 {
                let split = Self.read(text, jobs: jobs)
                #expect(split.root == whole.root && split.diagnostics == whole.diagnostics, "\(text.debugDescription)")
            }
        }
        #expect(Self.pieces(flow, jobs: 2) == nil)
    }

    @Test func anErrorInALaterPieceIsReportedAsForTheWholeFile() throws {
        let text = Self.small + "  - id: e\n    when: \"unclosed\n"
        let split = Self.read(text, jobs: 3)
        #expect(split.root == nil)
        #expect(split.diagnostics.map { "\($0.code.rawValue) \($0.span!.start.line):\($0.span!.start.column)" } == ["SR0103 13:1"])
        #expect(split.diagnostics == Self.read(text, jobs: 1).diagnostics)
    }

    /// Lists built from fragments that straddle cuts (quotes, brackets, block scalars, comments,
    /// mis-indented lines) read the same on one core and on several.
    @Test func randomListsReadTheSameInPieces() async {
        let fragments = [
            "  - {id: r, when: \"stress >= 7\", then: [{recommend: a}]}\n",
            "  - id: r\n    title: |\n      first\n      - not an item\n    when: x\n",
            "  - id: r\n    title: \"two\n  - lines\"\n",
            "  - [a,\n  - b]\n",
            "  # comment\n",
            "\n",
            "  - plain\n    continued\n",
            "  - id: é😀\n",
            "    - deeper\n",
            "  -\n    id: r\n",
            "  - 'single\n  - quoted'\n",
            "tail: 1\n",
        ]
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = Xorshift(seed: UInt64(seed) + 1)
            var text = "ruleset: x\nrules:\n"
            var clean = true
            for _ in 0..<(2 + rng.next(12)) {
                let fragment = rng.next(rng.next(4) == 0 ? fragments.count : 2)
                clean = clean && fragment < 2
                text += fragments[fragment]
            }
            let whole = Self.read(text, jobs: 1)
            if clean, ListSplitter.cut(text, into: 2) != nil {
                // Nothing straddles the cut: the pieces themselves must give the whole tree.
                #expect(Self.pieces(text, jobs: 2) == whole.root, "\(text.debugDescription)")
            }
            for jobs in [2, 3] {
                let split = Self.read(text, jobs: jobs)
                #expect(split.root == whole.root, "\(text.debugDescription)")
                #expect(split.diagnostics == whole.diagnostics, "\(text.debugDescription)")
            }
        }
    }
}
