import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules

/// The batch's fast line writer writes exactly the bytes of the tree-built line.
struct LineWriterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func writesTheSameBytesAsTheTreeForEveryKindOfLine() throws {
        let loaded = RuleLoader().load(paths: [Self.root.appendingPathComponent("rules/cervical-dystonia").path,
                                               Self.root.appendingPathComponent("plans").path])
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        let evaluator = BatchEvaluator(planner: Planner(ruleSet: ruleSet, catalog: catalog, policy: loaded.policy ?? .standard))
        // The planner's writer copies recommended ids given by position from bytes made once;
        // one without its table of ids escapes each one.
        let writers = [PlanJSON.LineWriter(planner: evaluator.planner), PlanJSON.LineWriter(catalog: catalog, provenance: evaluator.planner.provenance)]
        let table = try #require(evaluator.flat?.recommendable)
        var lines: [String] = []
        for i in 0..<200 {
            let flags = i % 17 == 0 ? #""red_flags":["difficulty_swallowing"],"# : ""
            lines.append(#"{\#(flags)"date":"2026-11-24","stress":\#(i % 11),"pain":\#((i * 7) % 11),"fatigue":\#((i * 3) % 11),"sleep":{"hours":\#(4 + i % 5)},"triggers":["stress_event"],"minutes_available":\#(10 + i % 50),"pt":{"has_home_program":\#(i % 2 == 0)},"work":{"context":"desk_office","workday":true}}"#)
        }
        lines.append(#"{"date":"2026-11-24","stress":11}"#)
        let bytes = Array(lines.joined(separator: "\n").utf8)
        var kinds: Set<String> = []
        let results = evaluator.evaluate(jsonl: bytes, path: "b.jsonl", jobs: 1) { $0 }
        for result in results {
            for writer in writers {
                var out: [UInt8] = []
                writer.write(result, into: &out)
                #expect(String(decoding: out, as: UTF8.self) == PlanJSON.line(result))
            }
            if case .plan(_, let recommended, let plan) = result {
                #expect(recommended.forEachPosition(in: table) { _ in })
                if !plan.alerts.isEmpty { kinds.insert("alerts") }
                if !plan.removed.isEmpty { kinds.insert("removed") }
                // A group's cause is written from bytes made once per catalog action.
                for cause in plan.removed.flatMap(\.causes) {
                    switch cause {
                    case .groupTaken: kinds.insert("group taken")
                    case .overBudget: kinds.insert("over budget")
                    case .overLimit: kinds.insert("over limit")
                    default: break
                    }
                }
                if plan.items.count > 1 { kinds.insert("items") }
            } else {
                kinds.insert("error")
            }
        }
        #expect(kinds == ["alerts", "removed", "group taken", "over budget", "over limit", "items", "error"])
        // The recommended-ids-only line is written by its own fast branch too.
        let recommended = evaluator.evaluate(jsonl: bytes, path: "b.jsonl", output: .recommended, jobs: 1) { $0 }
        #expect(recommended.filter { if case .recommended = $0 { true } else { false } }.count == 200)
        for result in recommended {
            if case .recommended(_, let ids) = result { #expect(ids.forEachPosition(in: table) { _ in }) }
            for writer in writers {
                var out = Array("earlier line\n".utf8)
                writer.write(result, into: &out)
                #expect(String(decoding: out, as: UTF8.self) == "earlier line\n" + PlanJSON.line(result))
            }
        }
    }

    /// A batch writes a chunk's lines one after another into one buffer: the writer's room made
    /// ahead for each line grows the buffer twofold, not by one line's worth, so the buffer is
    /// moved a few times in all rather than once per line.
    @Test func linesWrittenIntoOneBufferGrowItGeometrically() throws {
        let loaded = RuleLoader().load(paths: [Self.root.appendingPathComponent("rules/cervical-dystonia").path,
                                               Self.root.appendingPathComponent("plans").path])
        let evaluator = BatchEvaluator(planner: try #require(Planner(loaded)))
        let line = #"{"date":"2026-11-24","stress":7,"pain":5,"triggers":["stress_event"],"work":{"context":"desk_office","workday":true}}"#
        let bytes = Array(Array(repeating: line, count: 300).joined(separator: "\n").utf8)
        let writer = PlanJSON.LineWriter(planner: evaluator.planner)
        for output in BatchEvaluator.Output.allCases {
            var out: [UInt8] = [], capacities: Set<Int> = []
            for result in evaluator.evaluate(jsonl: bytes, path: "b.jsonl", output: output, jobs: 1, transform: { $0 }) {
                writer.write(result, into: &out)
                out.append(0x0A)
                capacities.insert(out.capacity)
            }
            #expect(out.count > 300 * 40, "\(output)")
            #expect(capacities.count <= 20, "\(output): \(capacities.count) capacities")
        }
    }

    /// A reason of the planner's rules is written from its template's pieces, escaped once when
    /// the writer is made — quotes, a tab and a backslash in the pieces, a quote and a newline in
    /// a value — and a reason of another planner's rules (equal, but other template objects)
    /// part by part: both exactly as the tree writes them.
    @Test func reasonsAreWrittenFromTheirTemplatesOrPartByPart() throws {
        func planner() throws -> Planner {
            try #require(Planner(RuleLoader().load(sources: [
                ("r.yaml", Data(#"""
                    ruleset: s
                    version: 1
                    facts:
                      a: {type: integer}
                      t: {type: string}
                      b: {type: integer, derived: true}
                    rules:
                      - {id: r, title: T, when: "a > 1", then: [{recommend: act0, reason: "a is {a}, \"quoted\"\tand {t} \\ end"}]}
                      - {id: q, title: Q, when: "a > 2", then: [{derive: b, value: "a + 1"}, {recommend: act1, reason: plain}, {alert: clinician, message: "say \"{t}\""}]}

                    """#.utf8)),
                ("c.yaml", Data(FastPathPropertyTests.catalog.utf8)),
            ])))
        }
        let (mine, other) = (try planner(), try planner())
        let line = Array(#"{"a": 3, "t": "x\"y\nz"}"#.utf8)
        let result = try #require(BatchEvaluator(planner: other).evaluate(jsonl: line, path: "b.jsonl", jobs: 1) { $0 }.first)
        guard case .plan(_, _, let plan) = result else { Issue.record("no plan: \(result)"); return }
        #expect(plan.items.flatMap(\.reasons).map(\.text) == ["a is 3, \"quoted\"\tand x\"y\nz \\ end", "plain"])
        #expect(plan.alerts.map(\.message.text) == ["say \"x\"y\nz\""])
        for planner in [mine, other] {
            var out: [UInt8] = []
            PlanJSON.LineWriter(planner: planner).write(result, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == PlanJSON.line(result))
        }
        // The reasons came from `other`'s templates: its writer knows them, `mine`'s does not.
        let reason = try #require(plan.items.first?.reasons.first)
        #expect(other.network.reasonTemplates.contains { $0 === reason.template })
        #expect(!mine.network.reasonTemplates.contains { $0 === reason.template })
    }

    /// A plan item the writer has no precomputed fields for (its catalog lacks the action) is
    /// found mid-line: what was written of the line is taken back and the tree writes it, after
    /// whatever the buffer held before.
    @Test func anItemWithoutPrecomputedFieldsFallsBackToTheTreeMidLine() throws {
        let loaded = RuleLoader().load(paths: [Self.root.appendingPathComponent("rules/cervical-dystonia").path,
                                               Self.root.appendingPathComponent("plans").path])
        let ruleSet = try #require(loaded.ruleSet), catalog = try #require(loaded.catalog)
        let evaluator = BatchEvaluator(planner: Planner(ruleSet: ruleSet, catalog: catalog, policy: loaded.policy ?? .standard))
        let line = #"{"date":"2026-11-24","stress":8,"pain":5,"triggers":["stress_event"],"work":{"context":"desk_office","workday":true}}"#
        let result = try #require(evaluator.evaluate(jsonl: Array(line.utf8), path: "b.jsonl", jobs: 1) { $0 }.first)
        guard case .plan(_, _, let plan) = result else { Issue.record("no plan: \(result)"); return }
        let last = try #require(plan.items.last).action.id
        #expect(plan.items.count > 1)
        let partial = ActionCatalog(name: catalog.name, version: catalog.version, actions: catalog.actions.filter { $0.id != last },
                                    files: catalog.files, contentHash: catalog.contentHash)
        var out = Array("earlier line\n".utf8)
        PlanJSON.LineWriter(catalog: partial, provenance: evaluator.planner.provenance).write(result, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "earlier line\n" + PlanJSON.line(result))
    }

    @Test func linesAreNumberedAndEmptyOnesSkipped() {
        let lines = BatchEvaluator.lines(of: Array("a\n\nbc\r\n\nd".utf8))
        #expect(lines.map(\.number) == [1, 3, 5])
        #expect(lines.map(\.range) == [0..<1, 3..<6, 8..<9])
    }
}
