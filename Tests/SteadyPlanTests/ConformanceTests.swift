import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules

/// The expression conformance cases (`Tests/Conformance/*.yaml`) through every evaluator: the
/// reference interpreter, the compiled network (a session) and the batch's flat evaluator.
/// Each case becomes a probe rule: `(expr) == value`, which must hold in all three; or, for a
/// case whose value is unknown, `(expr) == (expr)`, which must be unknown to the interpreter
/// and fire in neither the session nor the flat evaluator (`known()` takes only a fact).
struct ConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Conformance")

    struct Case {
        let expression: String
        let state: String
        /// A literal of the rule language, or nil for unknown.
        let value: String?
        let line: Int
    }

    /// The facts block (as text) and the cases of a conformance file.
    static func read(_ url: URL) throws -> (facts: String, cases: [Case]) {
        let data = try Data(contentsOf: url)
        let text = String(decoding: data, as: UTF8.self)
        let facts = try #require(text.components(separatedBy: "\ncases:\n").first?.components(separatedBy: "\nfacts:\n").last)
        let root = try #require(YAMLReader().read(data, path: url.lastPathComponent).root)
        guard case .mapping(let pairs) = root.kind, case .sequence(let items)? = pairs.first(where: { $0.key == "cases" })?.value.kind else {
            throw ConformanceError.malformed(url.lastPathComponent)
        }
        let cases = try items.map { item -> Case in
            guard case .mapping(let fields) = item.kind,
                  let expression = fields.first(where: { $0.key == "expr" })?.value.scalar,
                  let state = fields.first(where: { $0.key == "state" })?.value.scalar,
                  let value = fields.first(where: { $0.key == "value" })?.value.scalar else {
                throw ConformanceError.malformed("\(url.lastPathComponent):\(item.location.line)")
            }
            return Case(expression: expression, state: state, value: value == "unknown" ? nil : value, line: item.location.line)
        }
        return (facts, cases)
    }

    enum ConformanceError: Error { case malformed(String) }

    static func probe(_ item: Case) -> String {
        "(\(item.expression)) == " + (item.value ?? "(\(item.expression))")
    }

    @Test(arguments: ["expressions.yaml"])
    func everyEvaluatorGivesEveryCaseItsValue(_ file: String) throws {
        let (facts, cases) = try Self.read(Self.folder.appendingPathComponent(file))
        #expect(cases.count >= 50)
        let rules = "ruleset: conformance\nversion: 1\nfacts:\n\(facts)\nrules:\n" + cases.indices.map { index in
            "  - {id: probe-\(index), title: P, when: \"\(Self.probe(cases[index]).replacingOccurrences(of: "\"", with: "\\\""))\", then: [{recommend: probe_\(index)}]}\n"
        }.joined()
        let catalog = "catalog: c\nversion: 1\nactions:\n" + cases.indices.map { "  - {id: probe_\($0), title: P, category: mind, minutes: 1, slot: any}\n" }.joined()
        let loaded = RuleLoader(lints: false).load(sources: [("conformance.yaml", Data(rules.utf8)), ("catalog.yaml", Data(catalog.utf8))])
        #expect(loaded.diagnostics.filter { $0.severity == .error }.map(\.message) == [])
        guard let planner = Planner(loaded) else { return }
        let batch = BatchEvaluator(planner: planner)
        let flat = try #require(batch.flat, "the probes have the shape the flat evaluator covers")
        let reader = StateReader(schema: planner.ruleSet.schema)
        for (index, item) in cases.enumerated() {
            let where_ = "\(file):\(item.line): \(item.expression) on \(item.state)"
            let facts = try #require(reader.read(jsonLine: Data(item.state.utf8), path: file, line: item.line).facts, "\(where_): state")
            // The interpreter, on the facts the session starts from.
            let view = try Session(planner.network, facts: facts).view()
            let rule = try #require(planner.ruleSet.rule("probe-\(index)"))
            let condition = try #require(rule.condition.roots.first)
            let holds = item.value != nil
            let probe = view.evaluate(condition).value
            #expect(holds ? probe == .bool(true) : probe.isUnknown,
                    "\(where_): the interpreter gives \(Self.value(of: item.expression, in: condition, view))")
            // The compiled network.
            #expect(try planner.plan(facts, explains: false).run.firedRules.contains(rule.id) == holds, "\(where_): session")
            // The flat evaluator (through the batch's fast reader).
            let bytes = Array(item.state.utf8)
            guard case .recommended(_, let ids) = batch.recommended(bytes, in: 0..<bytes.count, path: file, line: item.line,
                                                                    scratch: flat.makeScratch()) else {
                Issue.record("\(where_): the batch could not read the state")
                continue
            }
            #expect(ids.contains("probe_\(index)") == holds, "\(where_): flat evaluator")
        }
    }

    /// The value of the case's own expression: the probe's sub-expression with its text.
    static func value(of expression: String, in condition: CheckedExpr, _ view: FactView) -> Value {
        view.evaluate(condition).values.first { $0.text == expression }?.value ?? .unknown(reason: "not found")
    }
}
