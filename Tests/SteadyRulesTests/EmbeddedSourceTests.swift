import Testing
@testable import SteadyRules

/// An offset inside an expression maps to the right column of the file whatever the YAML style.
struct EmbeddedSourceTests {
    /// The file location of the first `pain` in the `when:` value of `yaml`.
    func locationOfPain(_ yaml: String) throws -> SteadyRules.SourceLocation {
        let result = YAMLReader().read(Data(yaml.utf8), path: "t.yaml")
        let root = try #require(result.root)
        guard case .mapping(let pairs) = root.kind, let node = pairs.first?.value,
              case .scalar(let text, let style) = node.kind else { throw Failure.shape }
        let source = EmbeddedSource(file: try #require(result.source), mark: node.location, style: style, text: text)
        let offset = try #require(Array(text.unicodeScalars).indices.first { text.unicodeScalars.dropFirst($0).starts(with: "pain".unicodeScalars) })
        return source.location(ofOffset: offset)
    }

    enum Failure: Error { case shape }

    @Test(arguments: [
        ("when: stress > 1 and pain > 2\n", 1, 22),
        ("when: \"stress > 1 and pain > 2\"\n", 1, 23),
        ("when: 'stress > 1 and pain > 2'\n", 1, 23),
        ("when: \"\\\"x\\\" == y and pain > 2\"\n", 1, 23),
        ("when: '''x'' == y and pain > 2'\n", 1, 23),
        ("when: \"caf\\u00e9 == y and pain > 2\"\n", 1, 27),
        ("when: |\n  stress > 1\n  and pain > 2\n", 3, 7),
        ("when: >-\n    stress > 1\n    and pain > 2\n", 3, 9),
        ("when: stress > 1\n  and pain > 2\n", 2, 7),
        ("when: \"stress > 1\n  and pain > 2\"\n", 2, 7),
        ("when: \"é😀 and pain\"\n", 1, 15),
    ])
    func mapsOffsetsThroughEveryStyle(_ yaml: String, _ line: Int, _ column: Int) throws {
        #expect(try locationOfPain(yaml) == SteadyRules.SourceLocation(line: line, column: column))
    }
}

import Foundation
