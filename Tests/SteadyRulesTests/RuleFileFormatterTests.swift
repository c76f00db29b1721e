import Foundation
import Testing
@testable import SteadyRules

/// `steady fmt`'s layout: canonical indentation and key order, every comment and blank line
/// kept, idempotent, and never a change of content.
struct RuleFileFormatterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func laysOutAMessyClinicLayer() throws {
        let messy = """
            # A clinic layer
            version: 1.0.0   # the version
            ruleset: riverside
            facts:
                stress: {type: integer, min: 0, max: 10}
                mood:
                    description: How the day feels
                    values: [low, ok]
                    type: enum
            rules:
            # the nurse line
            - title: Call the nurse
              then:
                  - recommend: walk
                    reason: >-
                      a long reason
                      on two lines
              # when it applies
              when: "stress >= 8 and mood == 'low'"
              id: nurse

            tests:
            - expect: {actions: [walk]}
              name: t
              state: {date: 2026-11-24, stress: 9}

            """
        let formatted = try RuleFileFormatter.format(messy)
        #expect(formatted == """
            # A clinic layer
            ruleset: riverside
            version: 1.0.0   # the version
            facts:
              stress: {type: integer, min: 0, max: 10}
              mood:
                type: enum
                values: [low, ok]
                description: How the day feels
            rules:
              # the nurse line
              - id: nurse
                title: Call the nurse
                # when it applies
                when: "stress >= 8 and mood == 'low'"
                then:
                  - recommend: walk
                    reason: >-
                      a long reason
                      on two lines

            tests:
              - name: t
                state: {date: 2026-11-24, stress: 9}
                expect: {actions: [walk]}

            """)
        #expect(try RuleFileFormatter.format(formatted) == formatted, "idempotent")
    }

    /// Every shipped, example and corpus file is already in the canonical layout; and the
    /// shipped rules and catalog, with every indented line two columns further right and each
    /// rule's and action's id and title swapped, come back byte for byte.
    @Test func theShippedBaseIsCanonicalAndComesBackFromAMess() throws {
        let files = RuleLoader.files(under: ["rules", "plans", "examples", "Tests/SteadyRulesTests/Corpus/lint"].map { Self.root.appendingPathComponent($0).path })
        #expect(files.count > 30)
        for path in files {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(try RuleFileFormatter.format(text) == text, "\(path)")
            guard path.contains("/rules/") || path.contains("/plans/") else { continue }
            let doubled = text.components(separatedBy: "\n").map { $0.hasPrefix(" ") ? "  " + $0 : $0 }.joined(separator: "\n")
            let swapped = doubled.replacingOccurrences(of: #"(?m)^(\s*)- id: (\S+)\n(\s*)title: (.*)$"#,
                                                        with: "$1- title: $4\n$3id: $2", options: .regularExpression)
            guard swapped != text else { continue }  // a policy: nothing nested to mess up
            #expect(try RuleFileFormatter.format(swapped) == text, "\(path)")
        }
    }

    @Test func aFileThatIsNotYAMLIsRefused() {
        #expect(throws: RuleFileFormatter.Failure.unreadable) { try RuleFileFormatter.format("rules: [unclosed\n") }
    }

    /// Every order the formatter keeps of its own holds exactly the keys the decoder accepts,
    /// so a key added to the language gets its place.
    @Test func theKeyOrdersHoldTheDecodersKeys() {
        #expect(KeyOrder.rule.sorted() == FileDecoder.ruleKeys.sorted())
        #expect(KeyOrder.action.sorted() == FileDecoder.actionKeys.sorted())
        #expect(KeyOrder.fact.sorted() == FileDecoder.factKeys.sorted())
    }
}
