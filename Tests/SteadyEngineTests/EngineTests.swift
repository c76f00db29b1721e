import Foundation
import Testing
@testable import SteadyEngine
@testable import SteadyRules

struct EngineTests {
    @Test func chainsFourLevelsDeep() throws {
        let result = try run(schema + """
            rules:
              - {id: d-support, title: T, when: overloaded, then: [{derive: needs_support}]}
              - {id: a-high, title: T, when: "stress >= 7", then: [{derive: high_stress}]}
              - {id: c-overload, title: T, when: "high_stress and pain >= 5", then: [{derive: overloaded}]}
              - {id: e-call, title: T, when: needs_support, then: [{recommend: call_friend, reason: "stress {stress}"}]}
            """, FactBase(values: ["stress": .integer(8), "pain": .integer(6)]))
        #expect(result.firedRules == ["a-high", "c-overload", "d-support", "e-call"])
        #expect(result.derived["needs_support"] == .bool(true))
        #expect(result.effects.last == .recommended(action: "call_friend", priority: 50,
                                                   reason: Reason(rule: "e-call", effect: 0, values: ["8"], text: "stress 8")))
        #expect(result.misses.isEmpty)
    }

    @Test func joinsAcrossTwoAndThreePatterns() throws {
        var facts = FactBase()
        facts.add("trigger", ["name": .string("deadline"), "intensity": .integer(7)])
        facts.add("trigger", ["name": .string("noise"), "intensity": .integer(2)])
        facts.add("trigger", ["name": .string("screen"), "intensity": .integer(6)])
        facts.add("coping", ["trigger": .string("deadline"), "action": .string("breathing")])
        facts.add("coping", ["trigger": .string("noise"), "action": .string("earplugs")])
        facts.add("coping", ["trigger": .string("screen"), "action": .string("micro_break")])
        facts.add("coping", ["trigger": .string("screen"), "action": .string("breathing")])
        facts.add("skill", ["action": .string("breathing"), "minutes": .integer(5)])
        facts.add("skill", ["action": .string("micro_break"), "minutes": .integer(3)])
        let result = try run(schema + """
            rules:
              - id: two
                title: T
                when: ["t: trigger where t.intensity >= 5", "c: coping where c.trigger == t.name"]
                then: [{recommend: cope, reason: "{c.action} for {t.name}"}]
              - id: three
                title: T
                when: ["t: trigger where t.intensity >= 5", "c: coping where c.trigger == t.name", "s: skill where s.action == c.action and s.minutes <= 4"]
                then: [{recommend: quick, reason: "{s.action}"}]
            """, facts)
        // Instances are numbered by their values, so matches fire in that order.
        #expect(result.firedSummary == [
            "three(t=intensity:6,name:\"screen\" c=action:\"micro_break\",trigger:\"screen\" s=action:\"micro_break\",minutes:3)",
            "two(t=intensity:6,name:\"screen\" c=action:\"breathing\",trigger:\"screen\")",
            "two(t=intensity:6,name:\"screen\" c=action:\"micro_break\",trigger:\"screen\")",
            "two(t=intensity:7,name:\"deadline\" c=action:\"breathing\",trigger:\"deadline\")",
        ])
        #expect(result.effects.compactMap { if case .recommended(_, _, let reason) = $0 { reason.text } else { nil } }
            == ["micro_break", "breathing for screen", "micro_break for screen", "breathing for deadline"])
    }

    @Test func negationAndNotExists() throws {
        let yaml = schema + """
            rules:
              - {id: calm-day, title: T, when: "not high_stress and not exists t: trigger where t.intensity >= 5", then: [{derive: calm}]}
              - {id: high, title: T, when: "stress >= 7", then: [{derive: high_stress}]}
              - {id: enjoy, title: T, when: calm, then: [{recommend: walk}]}
            """
        let quiet = try run(yaml, FactBase(values: ["stress": .integer(2)], instances: ["trigger": [["name": .string("x"), "intensity": .integer(3)]]]))
        #expect(quiet.firedRules == ["calm-day", "enjoy"])
        let tense = try run(yaml, FactBase(values: ["stress": .integer(9)]))
        #expect(tense.firedRules == ["high"])
        #expect(tense.derived["calm"] == .bool(false))
        let triggered = try run(yaml, FactBase(values: ["stress": .integer(2)], instances: ["trigger": [["name": .string("x"), "intensity": .integer(8)]]]))
        #expect(triggered.firedRules.isEmpty)
        // Stress unknown: `not high_stress` is still true (derived bools are closed-world).
        #expect(try run(yaml, FactBase()).firedRules == ["calm-day", "enjoy"])
    }

    @Test func truthMaintenanceRetractsCascades() throws {
        let session = try Session(compile(schema + """
            rules:
              - {id: a-high, title: T, when: "stress >= 7", then: [{derive: high_stress}]}
              - {id: b-over, title: T, when: "high_stress and pain >= 5", then: [{derive: overloaded}]}
              - {id: c-support, title: T, when: overloaded, then: [{derive: needs_support}, {recommend: call_friend}]}
            """), facts: FactBase(values: ["stress": .integer(8), "pain": .integer(6)]))
        let first = try session.run()
        #expect(first.firedRules == ["a-high", "b-over", "c-support"])
        #expect(first.recommendedActions == ["call_friend"])
        try session.set("stress", .integer(3))
        let second = try session.run()
        #expect(second.firedRules.isEmpty)
        #expect(second.recommendedActions.isEmpty)
        #expect(second.derived == ["high_stress": .bool(false), "overloaded": .bool(false), "needs_support": .bool(false),
                                   "calm": .bool(false), "level": .unknown(reason: "level")])
        let tail = second.trace.suffix(7)
        #expect(Array(tail) == [
            .input(fact: "stress", value: .integer(3)),
            .withdrawn(firing: 0), .retracted(fact: "high_stress", value: .bool(false)),
            .withdrawn(firing: 1), .retracted(fact: "overloaded", value: .bool(false)),
            .withdrawn(firing: 2), .retracted(fact: "needs_support", value: .bool(false)),
        ])
        // Back up: the rules fire again, as new firings.
        try session.set("stress", .integer(9))
        #expect(try session.run().active == [3, 4, 5])
    }

    @Test func retractingAnInstanceWithdrawsWhatItSupported() throws {
        let session = try Session(compile(schema + """
            rules:
              - id: plan-each
                title: T
                when: "t: trigger where t.intensity >= 5"
                then: [{derive: plan_item, fields: {action: "'cope'"}}]
              - {id: use-plan, title: T, when: "exists p: plan_item where p.action == 'cope'", then: [{recommend: cope}]}
            """), facts: FactBase())
        let first = try session.assert("trigger", ["name": .string("a"), "intensity": .integer(6)])
        let second = try session.assert("trigger", ["name": .string("b"), "intensity": .integer(9)])
        let both = try session.run()
        #expect(both.firedRules == ["plan-each", "plan-each", "use-plan"])
        #expect(both.derivedInstances["plan_item"]?.count == 1)
        session.retract(instance: first)
        #expect(try session.run().recommendedActions == ["cope"])
        session.retract(instance: second)
        let none = try session.run()
        #expect(none.recommendedActions.isEmpty)
        #expect(none.derivedInstances["plan_item"] == [])
    }

    @Test func salienceThenSpecificityThenIdOrderFirings() throws {
        let result = try run(schema + """
            rules:
              - {id: a-plain, title: T, when: "stress >= 1", then: [{recommend: x}]}
              - {id: b-specific, title: T, when: "stress >= 1 and pain >= 1", then: [{recommend: x}]}
              - {id: c-urgent, title: T, salience: 100, when: "stress >= 1", then: [{recommend: x}]}
              - {id: d-low, title: T, salience: -5, when: "stress >= 1 and pain >= 1 and flag", then: [{recommend: x}]}
              - {id: aa-also-plain, title: T, when: "pain >= 1", then: [{recommend: x}]}
            """, FactBase(values: ["stress": .integer(5), "pain": .integer(5), "flag": .bool(true)]))
        #expect(result.firedRules == ["c-urgent", "b-specific", "a-plain", "aa-also-plain", "d-low"])
    }

    @Test func refractionFiresOncePerMatch() throws {
        var facts = FactBase(values: ["stress": .integer(8)])
        facts.add("trigger", ["name": .string("a"), "intensity": .integer(6)])
        facts.add("trigger", ["name": .string("b"), "intensity": .integer(7)])
        let session = try Session(compile(schema + """
            rules:
              - {id: each, title: T, when: "t: trigger where t.intensity > 5", then: [{recommend: cope}]}
              - {id: once, title: T, when: "stress >= 7", then: [{derive: high_stress}]}
              - {id: again, title: T, when: "high_stress or stress >= 7", then: [{recommend: breathe}]}
            """), facts: facts)
        #expect(try session.run().firings.map(\.rule) == ["each", "each", "once", "again"])
        let rerun = try session.run()
        #expect(rerun.firings.count == 4)
        try session.set("pain", .integer(2))
        #expect(try session.run().firings.count == 4)
    }

    @Test func firingLimitStopsARunawayRuleSet() throws {
        let session = try Session(compile(schema + """
            rules:
              - {id: seed, title: T, when: "stress >= 0", then: [{derive: counter, fields: {n: "0"}}]}
              - {id: count-up, title: T, when: "c: counter where c.n >= 0", then: [{derive: counter, fields: {n: "c.n + 1"}}]}
            """), facts: FactBase(values: ["stress": .integer(1)]))
        session.firingLimit = 50
        #expect(throws: EngineError.firingLimit(limit: 50, rules: ["count-up", "seed"])) { try session.run() }
    }

    @Test func theWorkLimitStopsPatternsThatMultiply() throws {
        var facts = FactBase()
        for index in 0..<100 { facts.add("trigger", ["name": .string("t\(index)"), "intensity": .integer(index % 10)]) }
        // Three patterns nothing relates: a million combinations, and the last test never holds.
        let session = try Session(compile(schema + """
            rules:
              - {id: cross, title: T, when: "a: trigger and b: trigger and c: trigger and a.intensity + b.intensity + c.intensity > 100", then: [{recommend: x}]}
            """), facts: facts)
        session.workLimit = 50_000
        #expect(throws: EngineError.workLimit(limit: 50_000, rule: "cross")) { try session.run() }
        // The same rule set within the limit: no firing, and the run ends.
        let within = try Session(compile(schema + """
            rules:
              - {id: pair, title: T, when: "a: trigger and b: trigger where b.name == a.name and a.intensity > 8", then: [{recommend: x}]}
            """), facts: facts)
        within.workLimit = 50_000
        #expect(try within.run().firedRules.count == 10)
    }

    @Test func recursiveGroupsReachAFixpointAndRederiveAfterChanges() throws {
        let session = try Session(compile(schema + """
            rules:
              - {id: r1, title: T, when: "overloaded or stress >= 7", then: [{derive: high_stress}]}
              - {id: r2, title: T, when: "high_stress", then: [{derive: overloaded}]}
            """), facts: FactBase(values: ["stress": .integer(8)]))
        let first = try session.run()
        #expect(first.firedRules == ["r1", "r2"])
        try session.set("stress", .integer(1))
        let second = try session.run()
        // The two facts supported each other; without the input they must both go.
        #expect(second.derived["high_stress"] == .bool(false))
        #expect(second.derived["overloaded"] == .bool(false))
        #expect(second.firedRules.isEmpty)
    }

    @Test func unknownInputsAreRejected() throws {
        let network = try compile(schema + "rules: []\n")
        #expect(throws: EngineError.unknownInput("stres")) { try Session(network, facts: FactBase(values: ["stres": .integer(1)])) }
        #expect(throws: EngineError.unknownInput("high_stress")) { try Session(network, facts: FactBase(values: ["high_stress": .bool(true)])) }
        let session = try Session(network, facts: FactBase())
        #expect(throws: EngineError.unknownInput("trigger.nme")) { try session.assert("trigger", ["nme": .string("x")]) }
    }
}

struct ComputedActionTests {
    static let yaml = """
        ruleset: t
        version: 1
        facts:
          triggers: {type: set, values: [deadline, screen, cold]}
          coping:
            type: template
            derived: true
            fields: {trigger: {type: enum, values: [deadline, screen, cold]}, action: {type: enum, values: [breathing, micro_break]}}
        rules:
          - id: coping-table
            title: Which action copes with which trigger
            then:
              - {derive: coping, fields: {trigger: "'deadline'", action: "'breathing'"}}
              - {derive: coping, fields: {trigger: "'screen'", action: "'micro_break'"}}
          - id: cope-with-each-trigger
            title: The coping action for each active trigger
            when: "c: coping where c.trigger in triggers"
            then: [{recommend: "{c.action}", reason: "you noted {c.trigger} today"}]
        """

    @Test func onePatternRuleRecommendsTheActionEachMatchNames() throws {
        let result = try run(Self.yaml, FactBase(values: ["triggers": .set(["cold", "deadline", "screen"])]))
        #expect(result.effects.compactMap { if case .recommended(let a, _, let r) = $0 { "\(a): \(r)" } else { nil } }
            == ["breathing: you noted deadline today", "micro_break: you noted screen today"])
    }

    @Test func onePatternRuleSuppressesTheActionEachMatchNames() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "  triggers: {type: set", with: "  refused: {type: set, values: [deadline, screen, cold]}\n  triggers: {type: set") + """

              - id: leave-out-what-was-refused
                title: Leave out the coping action of each trigger whose action the patient refused
                when: "c: coping where c.trigger in refused"
                then: [{suppress: "{c.action}", reason: "you said no to {c.action}"}]
            """
        let result = try run(yaml, FactBase(values: ["triggers": .set(["deadline", "screen"]), "refused": .set(["screen"])]))
        #expect(result.effects.compactMap { if case .suppressed(let a, let r) = $0 { "\(a): \(r)" } else { nil } }
            == ["micro_break: you said no to micro break"])
    }

    @Test func aComputedSuppressionMustNameCatalogActions() {
        let yaml = Self.yaml + """

              - id: leave-out
                title: Leave out by trigger
                when: "c: coping where c.trigger == 'cold'"
                then: [{suppress: "{c.trigger}", reason: "not today"}]
            """
        let catalog = "catalog: c\nversion: 1\nactions:\n" + ["breathing", "micro_break"].map { "  - {id: \($0), title: B, category: mind, minutes: 5, slot: any}\n" }.joined()
        let result = RuleLoader().load(sources: [("r.yaml", Data(yaml.utf8)), ("c.yaml", Data(catalog.utf8))])
        #expect(result.diagnostics.map { "\($0.code.rawValue) \($0.message)" }
            == ["SR0502 unknown action 'cold' (a value of 'c.trigger')", "SR0502 unknown action 'deadline' (a value of 'c.trigger')",
                "SR0502 unknown action 'screen' (a value of 'c.trigger')"])
    }

    @Test func computedActionsAreCheckedAgainstTheCatalog() {
        let catalog = "catalog: c\nversion: 1\nactions:\n  - {id: breathing, title: B, category: mind, minutes: 5, slot: any}\n"
        let result = RuleLoader().load(sources: [("r.yaml", Data(Self.yaml.utf8)), ("c.yaml", Data(catalog.utf8))])
        #expect(result.diagnostics.map { "\($0.code.rawValue) \($0.message)" }
            == ["SR0502 unknown action 'micro_break' (a value of 'c.action')"])
    }
}
