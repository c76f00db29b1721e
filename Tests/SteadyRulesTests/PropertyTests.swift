import Foundation
import PropertyBased
import SteadyTestSupport
import Testing
@testable import SteadyRules

/// Properties that must hold for every input, not just the examples.
struct PropertyTests {
    /// Characters that stress the mapping: escapes, quotes, multi-byte and wide characters.
    static let characters: [Character] = ["a", "z", " ", "\"", "\\", "'", "é", "😀", "\t", "{", "7", "\u{2028}"]

    /// For any text written as a double-quoted YAML scalar, every offset of the value maps to the
    /// column where that character is written in the file.
    @Test func doubleQuotedOffsetsMapToTheirColumns() async {
        await propertyCheck(count: 300, input: Gen.element(of: Self.characters).map { $0! }.array(of: 0...30)) { characters in
            var raw = "when: \""
            var expected: [Int] = []
            for character in characters {
                expected.append(raw.unicodeScalars.count + 1)
                switch character {
                case "\"": raw += "\\\""
                case "\\": raw += "\\\\"
                case "\t": raw += "\\t"
                case "\u{2028}": raw += "\\L"
                default: raw.append(character)
                }
            }
            raw += "\"\n"
            let result = YAMLReader().read(Data(raw.utf8), path: "p.yaml")
            guard let root = result.root, let file = result.source, case .mapping(let pairs) = root.kind,
                  case .scalar(let text, let style) = pairs[0].value.kind else {
                Issue.record("did not read \(raw.debugDescription): \(result.diagnostics.map(\.message))")
                return
            }
            #expect(text == String(characters))
            let source = EmbeddedSource(file: file, mark: pairs[0].value.location, style: style, text: text)
            let actual = (0..<characters.count).map { source.location(ofOffset: $0).column }
            #expect(actual == expected, "\(raw.debugDescription)")
        }
    }

    /// A random expression tree, printed with every sub-expression in parentheses, parses back
    /// to the same tree.
    @Test func printedExpressionsParseBack() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = Xorshift(seed: UInt64(seed) + 1)
            let (source, expected) = Self.randomExpression(depth: 4, &rng)
            do {
                #expect(sexpr(try Parser.parse(source)) == expected, "\(source)")
            } catch let error as SyntaxError {
                Issue.record("\(source) did not parse: \(error.message)")
            } catch {
                Issue.record("\(source): \(error)")
            }
        }
    }

    /// Returns the source text and the expected `sexpr` of a random expression.
    static func randomExpression(depth: Int, _ rng: inout Xorshift) -> (String, String) {
        let leaf = depth == 0 || rng.next(6) == 0
        if leaf {
            switch rng.next(5) {
            case 0: let n = rng.next(100); return ("\(n)", "\(n)")
            case 1: let name = ["stress", "pain", "sleep_hours"][rng.next(3)]; return (name, name)
            case 2: return ("t.name", "t.name")
            case 3: return ("'x y'", "'x y'")
            default: return ("true", "true")
            }
        }
        let (a, sa) = randomExpression(depth: depth - 1, &rng)
        let (b, sb) = randomExpression(depth: depth - 1, &rng)
        switch rng.next(5) {
        case 0:
            let op = ["and", "or"][rng.next(2)]
            return ("(\(a)) \(op) (\(b))", "(\(op) \(sa) \(sb))")
        case 1:
            let op = ["==", "!=", "<", "<=", ">", ">="][rng.next(6)]
            return ("(\(a)) \(op) (\(b))", "(\(op) \(sa) \(sb))")
        case 2:
            let op = ["+", "-", "*", "/", "%"][rng.next(5)]
            return ("(\(a)) \(op) (\(b))", "(\(op) \(sa) \(sb))")
        case 3:
            return ("not (\(a))", "(not \(sa))")
        default:
            return ("max((\(a)), (\(b)))", "max(\(sa) \(sb))")
        }
    }
}
