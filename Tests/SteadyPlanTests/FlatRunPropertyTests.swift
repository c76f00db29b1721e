import Foundation
import PropertyBased
import SteadyTestSupport
@testable import SteadyEngine
@testable import SteadyPlan
@testable import SteadyRules
@testable import SteadyStore
import Testing

/// Plans made through the flat run (``FlatEvaluator/run(slots:today:scratch:)``) against plans
/// made through a ``Session``: the same plan record — items, reasons, firings, removed actions
/// and their causes, alerts — on random rule sets with every construct the flat run accepts
/// (patterns over derived instances, computed ids, suppressions, alerts, reasons with values,
/// derived values, history functions on lines without history) and on the shipped rule base
/// with random states and histories.
struct FlatRunPropertyTests {
    /// The flat header plus a derived template the pattern rules read.
    static let header = FastPathPropertyTests.header + """
          pair:
            type: template
            derived: true
            fields:
              key: {type: enum, values: [x, y, z]}
              act: {type: enum, values: [act0, act1, act2, act3, act4]}

        """

    static func ruleFile(seed: Int) -> String {
        var rng = Xorshift(seed: UInt64(seed) &+ 23)
        func pick<T>(_ items: [T]) -> T { items[rng.next(items.count)] }
        func atom() -> String {
            pick(["a >= \(rng.next(11))", "flag", "not flag", "'\(pick(["x", "y", "z"]))' in tags", "mode == '\(pick(["x", "y"]))'",
                  "d\(rng.next(3))", "level >= \(rng.next(12))", "b < \(rng.next(24)).5", "known(sleep.hours)",
                  "mode \(pick(["in", "not in"])) ['x', 'z']", "a \(pick(["<", ">=", "!="])) \(pick(["b", "sleep.quality"]))",
                  "count(\(pick(["a >= 5", "flag"])), 3d) >= \(rng.next(2))", "\(pick(["avg", "max", "trend"]))(\(pick(["a", "b"])), 7d) >= \(rng.next(11))"])
        }
        func effect(pattern: Bool) -> String {
            let act = pattern && rng.next(2) == 0 ? "\"{p.act}\"" : "act\(rng.next(5))"
            switch rng.next(9) {
            case 0: return "{derive: d\(rng.next(3))}"
            case 1: return "{derive: level, value: \"a + \(rng.next(3))\"}"
            case 2: return "{suppress: \(act), reason: \"not with \(pattern ? "{p.key}" : "a at {a}")\"}"
            case 3: return "{alert: \(pick(["emergency", "urgent", "clinician"])), message: \"\(pick(["a is {a}", "check in", "b is {b}"]))\"}"
            default:
                return "{recommend: \(act), priority: \(rng.next(4) * 10), reason: \"\(pick(["because {a}", "said so", pattern ? "{p.key} noted" : "mode {mode}"]))\"}"
            }
        }
        var rules: [String] = []
        // A table of pairs, derived when its condition holds (some pairs twice: one instance).
        // Mostly constants; sometimes a row computed from the state, which may equal a constant one.
        let pairs = (0..<(1 + rng.next(4))).map { _ in
            "{derive: pair, fields: {key: \"\(rng.next(4) == 0 ? "mode" : "'\(pick(["x", "y", "z"]))'")\", act: \"'act\(rng.next(5))'\"}}"
        }
        rules.append("  - {id: table, title: T, when: \"\(rng.next(3) == 0 ? atom() : "true")\", then: [\(pairs.joined(separator: ", "))]}\n")
        // Some rows again, in the other order, from another rule: when only one of the two
        // fires, or this one first, the instances are not in the order the rows are written in.
        let again = pairs.reversed().filter { _ in rng.next(2) == 0 }
        if !again.isEmpty {
            rules.append("  - {id: table2, title: T, salience: \(rng.next(2)), when: \"\(atom())\", then: [\(again.joined(separator: ", "))]}\n")
        }
        for index in 0..<(3 + rng.next(10)) {
            let pattern = rng.next(3) == 0
            let when = pattern ? "p: pair where \(pick(["p.key in tags", "p.key == mode", "p.act != 'act0'"])) and \(atom())" : atom()
            let effects = (0..<(1 + rng.next(2))).map { _ in effect(pattern: pattern) }.joined(separator: ", ")
            rules.append("  - {id: r\(index), title: T, salience: \(rng.next(3)), when: \"\(when)\", then: [\(effects)]}\n")
        }
        return header + "rules:\n" + rules.joined()
    }

    /// The plan record a batch line gives through `scratch` (the flat run), or through a session (nil).
    static func record(_ evaluator: BatchEvaluator, _ bytes: [UInt8], scratch: FlatEvaluator.Scratch?) -> PlanRecord? {
        guard case .plan(_, _, let plan) = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: scratch)
        else { return nil }
        return PlanRecord(plan, snapshot: "")
    }

    @Test func theFlatRunPlansAsTheSessionDoes() async throws {
        let covered = Counter()
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            let loaded = RuleLoader(lints: false).load(sources: [("r.yaml", Data(Self.ruleFile(seed: seed).utf8)),
                                                                 ("c.yaml", Data(FastPathPropertyTests.catalog.utf8))])
            // Some draws make a rule depend on itself through a negation: not a rule set.
            guard let planner = Planner(loaded) else { return }
            let evaluator = BatchEvaluator(planner: planner)
            // A rule that reads what it derives makes a recursive stratum: the session's.
            guard let flat = evaluator.flat else { return }
            covered.increment()
            let scratch = flat.makeScratch()
            var rng = Xorshift(seed: UInt64(seed) &+ 9)
            for _ in 1...20 {
                let line = FastPathPropertyTests.line(&rng)
                let bytes = Array(line.utf8)
                let fast = Self.record(evaluator, bytes, scratch: scratch), full = Self.record(evaluator, bytes, scratch: nil)
                #expect(fast == full, "seed \(seed): \(line)")
                if let facts = evaluator.reader.read(jsonLine: Data(bytes), path: "b.jsonl", line: 1).facts,
                   let session = try? Self.sessionRun(planner, facts) {
                    // The session's misses, found from the tests the network evaluated, are the interpreter's.
                    let recorder = TraceRecorder(facts: session.facts)
                    for rule in planner.ruleSet.rules where !session.run.firedRules.contains(rule.id) {
                        #expect(session.run.misses[rule.id] == recorder.miss(rule), "seed \(seed): \(line), rule \(rule.id)")
                    }
                    // The flat run explains exactly as the session does: firings, values, reads, trace, misses.
                    #expect(flat.explainedRun(facts, scratch: scratch)?.run == session.run, "seed \(seed): \(line)")
                }
                let ids = evaluator.recommended(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: scratch)
                if case .recommended(_, let ids) = ids, case .plan(_, let expected, _) = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: nil) {
                    #expect(ids == expected, "seed \(seed): \(line)")
                }
            }
        }
        #expect(covered.value >= 150, "too few rule sets the flat run covers: \(covered.value)")
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedBasePlansAsTheSessionDoesWithAndWithoutHistory() throws {
        let planner = try #require(Planner(RuleLoader(lints: false).load(paths: [
            Self.root.appendingPathComponent("rules/cervical-dystonia").path, Self.root.appendingPathComponent("plans").path,
        ])))
        let evaluator = BatchEvaluator(planner: planner)
        let flat = try #require(evaluator.flat, "the shipped rule base takes the flat run")
        let scratch = flat.makeScratch()
        let schema = planner.ruleSet.schema, today = Day(iso: "2026-11-24")!
        var rng = Xorshift(seed: 20261206)
        var planned = 0
        for index in 0..<1_500 {
            var facts = RandomState.facts(schema, today: today, rng: &rng)
            // As a batch line: read by the fast reader, or by the full one when it gives up.
            let bytes = Array(StateJSON.encode(facts).utf8)
            #expect(Self.record(evaluator, bytes, scratch: scratch) == Self.record(evaluator, bytes, scratch: nil), "\(index)")
            // With up to two weeks of check-ins and earlier plans, for the history functions and resting actions.
            for daysAgo in 1...(1 + rng.next(14)) where rng.next(4) != 0 {
                let day = Day(today.daysSinceEpoch - daysAgo)
                facts.history[day] = RandomState.facts(schema, today: day, rng: &rng).values
                if rng.next(2) == 0 { facts.suggested[day] = Set(planner.catalog.actions.filter { _ in rng.next(8) == 0 }.map(\.id)) }
                if rng.next(3) == 0 { facts.done[day] = Set(planner.catalog.actions.filter { _ in rng.next(8) == 0 }.map(\.id)) }
            }
            let run = try #require(flat.run(facts, scratch: scratch))
            let expected = try planner.plan(facts, explains: false)
            #expect(PlanRecord(planner.plan(run), snapshot: "") == PlanRecord(expected.plan, snapshot: ""), "\(index)")
            #expect(Array(run.recommendedActions) == expected.run.recommendedActions)
            // The plan alone, as check-ins and the server's pages make it, with a profile's facts marked.
            let profile = Profile.Use(fromProfile: Dictionary(uniqueKeysWithValues: facts.values.keys.filter { _ in rng.next(5) == 0 }
                                          .map { ($0, Day(today.daysSinceEpoch - 3)) }),
                                      stale: rng.next(2) == 0 ? [Profile.Stale(fact: "pain", since: Day(today.daysSinceEpoch - 90), maxAgeDays: 30)] : [])
            #expect(PlanRecord(try planner.plan(for: facts, profile: profile), snapshot: "")
                == PlanRecord(try planner.plan(facts, profile: profile, explains: false).plan, snapshot: ""), "\(index)")
            // Explained, as why / why-not and stored plans need: the session's run exactly, and its plan.
            let explained = try planner.plan(facts, profile: profile)
            #expect(explained.run == (try Self.sessionRun(planner, facts).run), "\(index)")
            #expect(PlanRecord(explained.plan, snapshot: "") == PlanRecord(try planner.plan(facts, profile: profile, explains: false).plan, snapshot: ""))
            planned += 1
        }
        #expect(planned == 1_500)
    }

    /// A scratch reuses its last run's array of effects: a result the caller still holds keeps
    /// its own effects, whatever later runs on the same scratch give.
    @Test func aResultKeepsItsEffectsThroughLaterRunsOnItsScratch() throws {
        let planner = try #require(Planner(RuleLoader(lints: false).load(paths: [
            Self.root.appendingPathComponent("rules/cervical-dystonia").path, Self.root.appendingPathComponent("plans").path,
        ])))
        let flat = try #require(planner.flat)
        let scratch = flat.makeScratch()
        var rng = Xorshift(seed: 20261208)
        var kept: [(facts: FactBase, effects: [PlanEffect])] = []
        for index in 0..<40 {
            let facts = RandomState.facts(planner.ruleSet.schema, today: Day(iso: "2026-11-24")!, rng: &rng)
            let run = try #require(flat.run(facts, scratch: scratch))
            // Every other result is kept: the next run finds its array held, the one after finds it free.
            if index % 2 == 0 { kept.append((facts, run.effects)) }
        }
        for (facts, effects) in kept {
            #expect(effects == flat.run(facts, scratch: flat.makeScratch())?.effects)
        }
    }

    /// A rule without patterns that did not fire is explained from the tests the network
    /// already evaluated: the same miss (element, value, sub-expression values) the interpreter
    /// finds going through the condition.
    @Test func theSessionsMissesAreTheInterpretersMisses() throws {
        let planner = try #require(Planner(RuleLoader(lints: false).load(paths: [
            Self.root.appendingPathComponent("rules/cervical-dystonia").path, Self.root.appendingPathComponent("plans").path,
        ])))
        var rng = Xorshift(seed: 20261207)
        var missed = 0
        for index in 0..<300 {
            let facts = RandomState.facts(planner.ruleSet.schema, today: Day(iso: "2026-11-24")!, rng: &rng)
            let planned = try Self.sessionRun(planner, facts)
            let recorder = TraceRecorder(facts: planned.facts)
            for rule in planner.ruleSet.rules where !planned.run.firedRules.contains(rule.id) {
                #expect(planned.run.misses[rule.id] == recorder.miss(rule), "state \(index), rule \(rule.id)")
                missed += 1
            }
        }
        #expect(missed > 300 * 30)
    }

    /// Past the firing or the work limit the flat run gives way, and the line gets the
    /// session's error.
    @Test func aRunPastALimitStopsWithTheSessionsError() throws {
        let loaded = RuleLoader(lints: false).load(sources: [("r.yaml", Data((Self.header + """
            rules:
              - {id: table, title: T, when: "true", then: [{derive: pair, fields: {key: "'x'", act: "'act1'"}}, {derive: pair, fields: {key: "'y'", act: "'act2'"}}]}
              - {id: each, title: T, when: "p: pair where p.key in tags", then: [{recommend: "{p.act}"}]}

            """).utf8)), ("c.yaml", Data(FastPathPropertyTests.catalog.utf8))])
        var planner = try #require(Planner(loaded))
        let bytes = Array(#"{"tags":["x","y"]}"#.utf8)
        let network = planner.network
        let within = try #require(FlatEvaluator(network, firingLimit: 3))
        #expect(within.run(slots: Self.slots(network, tags: ["x", "y"]), today: nil, scratch: within.makeScratch())?.recommendedActions == ["act1", "act2"])
        let firings = try #require(FlatEvaluator(network, firingLimit: 2))
        #expect(firings.run(slots: Self.slots(network, tags: ["x", "y"]), today: nil, scratch: firings.makeScratch()) == nil)
        let work = try #require(FlatEvaluator(network, workLimit: 1))
        #expect(work.run(slots: Self.slots(network, tags: ["x", "y"]), today: nil, scratch: work.makeScratch()) == nil)
        planner.workLimit = 1
        let evaluator = BatchEvaluator(planner: planner)
        let messages = [evaluator.flat?.makeScratch(), nil].map { scratch -> [String] in
            guard case .failure(_, let diagnostics) = evaluator.evaluate(bytes, in: 0..<bytes.count, path: "b.jsonl", line: 1, scratch: scratch) else {
                return []
            }
            return diagnostics.map(\.message)
        }
        #expect(messages[0] == [EngineError.workLimit(limit: 1, rule: "each").description])
        #expect(messages[0] == messages[1])
        // The plan alone stops with the session's error too: the planner's flat run follows its limit.
        let facts = FactBase(values: ["tags": .set(["x", "y"])])
        #expect(throws: EngineError.workLimit(limit: 1, rule: "each")) { try planner.plan(for: facts) }
        planner.workLimit = 2
        #expect(try planner.plan(for: facts).items.map(\.action.id) == ["act1", "act2"])
    }

    /// A pattern over a table of constants is decided per instance by tests made at compile
    /// time, in the order the instances were derived — here not the order the rows are written
    /// in, when `flag` is false — with the session's firings, reasons and computed ids.
    @Test func aPatternOverATableOfConstantsMatchesInInstanceOrder() throws {
        let loaded = RuleLoader(lints: false).load(sources: [("r.yaml", Data((Self.header + """
            rules:
              - {id: first, title: T, when: "flag", then: [{derive: pair, fields: {key: "'x'", act: "'act1'"}}]}
              - {id: second, title: T, when: "true", then: [{derive: pair, fields: {key: "'y'", act: "'act2'"}}]}
              - {id: third, title: T, when: "true", then: [{derive: pair, fields: {key: "'x'", act: "'act1'"}}, {derive: pair, fields: {key: "'z'", act: "'act3'"}}]}
              - {id: each, title: T, when: ["p: pair where p.key in tags", "p.act != 'act3' or a > 2"], then: [{recommend: "{p.act}", reason: "{p.key} noted"}]}

            """).utf8)), ("c.yaml", Data(FastPathPropertyTests.catalog.utf8))])
        let planner = try #require(Planner(loaded))
        let flat = try #require(FlatEvaluator(planner.network))
        #expect(flat.unrolledRules == ["each"])
        let cases: [(flag: Bool, a: Int, tags: [String], expected: [String])] = [
            (false, 0, ["x", "y", "z"], ["act2", "act1"]), (true, 0, ["x", "y", "z"], ["act1", "act2"]),
            (false, 3, ["x", "y", "z"], ["act2", "act1", "act3"]), (false, 3, ["y", "z"], ["act2", "act3"]),
        ]
        for (flag, a, tags, expected) in cases {
            var slots = Self.slots(planner.network, tags: tags)
            slots[planner.network.slots.slotOf["flag"]!] = .bool(flag)
            slots[planner.network.slots.slotOf["a"]!] = .integer(a)
            let run = try #require(flat.run(slots: slots, today: nil, scratch: flat.makeScratch()))
            let session = try Session(planner.network, facts: FactBase(values: ["tags": .set(tags), "flag": .bool(flag), "a": .integer(a)]))
            let sessionRun = try session.run()
            let recommended = run.effects.compactMap { if case .recommended(let action, _, _) = $0.effect { action } else { nil } }
            #expect(recommended == expected, "flag \(flag), a \(a), tags \(tags)")
            #expect(Array(run.recommendedActions) == expected.sorted())
            #expect(flat.recommended(slots: slots, today: nil, scratch: flat.makeScratch()).map(Array.init) == expected.sorted())
            // The flat run keeps what a plan needs: the recommendations (no derivations).
            let sessionEffects = sessionRun.active.flatMap { index in
                sessionRun.firings[index].effects.compactMap { effect -> PlanEffect? in
                    guard case .recommended = effect else { return nil }
                    return PlanEffect(firing: sessionRun.firings[index].index, rule: sessionRun.firings[index].rule, effect: effect)
                }
            }
            #expect(run.effects == sessionEffects, "flag \(flag), a \(a), tags \(tags)")
        }
    }

    /// A table of up to 256 rows is unrolled, a longer one matched as any template is; both
    /// give the session's recommendations.
    @Test func aTableOfMoreThan256RowsIsMatchedAsAnyTemplateIs() throws {
        for rows in [256, 257] {
            // Every row distinct (equal rows are one instance): n from 0 up, so a (0-10) matches one.
            let table = (0..<rows).map { "{derive: row, fields: {n: \"\($0)\", act: \"'act\($0 % 5)'\"}}" }
            let loaded = RuleLoader(lints: false).load(sources: [("r.yaml", Data((FastPathPropertyTests.header + """
                  row:
                    type: template
                    derived: true
                    fields:
                      n: {type: integer}
                      act: {type: enum, values: [act0, act1, act2, act3, act4]}
                rules:
                  - {id: table, title: T, when: "true", then: [\(table.joined(separator: ", "))]}
                  - {id: each, title: T, when: "r: row where r.n == a", then: [{recommend: "{r.act}"}]}

                """).utf8)), ("c.yaml", Data(FastPathPropertyTests.catalog.utf8))])
            let planner = try #require(Planner(loaded))
            let flat = try #require(FlatEvaluator(planner.network))
            #expect(flat.unrolledRules == (rows <= 256 ? ["each"] : []), "\(rows) rows")
            for a in [0, 3, 10] {
                var slots = planner.network.slots.initialValues
                slots[planner.network.slots.slotOf["a"]!] = .integer(a)
                let session = try Session(planner.network, facts: FactBase(values: ["a": .integer(a)]))
                #expect(flat.run(slots: slots, today: nil, scratch: flat.makeScratch()).map { Array($0.recommendedActions) } == (try session.run()).recommendedActions,
                        "\(rows) rows, a \(a)")
            }
        }
    }

    /// The run a session that explains makes of `facts`, and the facts at its fixpoint.
    static func sessionRun(_ planner: Planner, _ facts: FactBase) throws -> (run: Run, facts: FactView) {
        let session = try Session(planner.network, facts: facts)
        session.workLimit = planner.workLimit
        return (try session.run(), session.view())
    }

    static func slots(_ network: CompiledRuleSet, tags: [String]) -> [Value] {
        var slots = network.slots.initialValues
        slots[network.slots.slotOf["tags"]!] = .set(tags)
        return slots
    }
}
