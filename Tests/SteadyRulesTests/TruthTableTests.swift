import Foundation
import Testing
@testable import SteadyRules

/// The three-valued logic of docs/missing-data.md, operator by operator.
struct TruthTableTests {
    @Test func andTable() {
        let table: [(Truth, Truth, Truth)] = [
            (.true, .true, .true), (.true, .false, .false), (.true, .unknown, .unknown),
            (.false, .true, .false), (.false, .false, .false), (.false, .unknown, .false),
            (.unknown, .true, .unknown), (.unknown, .false, .false), (.unknown, .unknown, .unknown),
        ]
        for (a, b, expected) in table { #expect((a && b) == expected, "\(a) and \(b)") }
    }

    @Test func orTable() {
        let table: [(Truth, Truth, Truth)] = [
            (.true, .true, .true), (.true, .false, .true), (.true, .unknown, .true),
            (.false, .true, .true), (.false, .false, .false), (.false, .unknown, .unknown),
            (.unknown, .true, .true), (.unknown, .false, .unknown), (.unknown, .unknown, .unknown),
        ]
        for (a, b, expected) in table { #expect((a || b) == expected, "\(a) or \(b)") }
    }

    @Test func notTable() {
        #expect(!Truth.true == .false)
        #expect(!Truth.false == .true)
        #expect(!Truth.unknown == .unknown)
    }

    /// A state where only some facts are present.
    struct State: EvaluationContext {
        var facts: [String: Value]
        var triggers: [[String: Value]] = []
        var today: Day? = Day(iso: "2026-11-24")
        func fact(_ name: String) -> Value { facts[name] ?? .unknown(reason: name) }
        func instances(of template: String) -> [[String: Value]] { template == "trigger" ? triggers : [] }
    }

    /// Evaluates the single test of a one-rule file over `state`.
    func evaluate(_ when: String, _ state: State) throws -> Value {
        let result = load(ruleFile(when: "\"\(when)\""))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        let rule = try #require(result.ruleSet?.rules.first)
        // A top-level `a and b` is split into elements; they hold together.
        let tests = rule.condition.elements.compactMap { element -> CheckedExpr? in
            if case .test(let expr) = element { return expr }
            return nil
        }
        let interpreter = Interpreter(context: state)
        if tests.count == 1 { return interpreter.evaluate(tests[0]) }
        let truth = tests.reduce(Truth.true) { $0 && interpreter.truth($1) }
        return truth == .unknown ? .unknown(reason: "several") : .bool(truth == .true)
    }

    @Test(arguments: [
        ("pain >= 7", Value.unknown(reason: "pain")),
        ("pain >= 7 and stress >= 7", .bool(false)),        // unknown and false
        ("pain >= 7 or stress <= 3", .bool(true)),          // unknown or true
        ("pain >= 7 or stress >= 7", .unknown(reason: "pain")),
        ("not (pain >= 7)", .unknown(reason: "pain")),
        ("known(pain)", .bool(false)),
        ("known(stress)", .bool(true)),
        ("not known(pain) or pain >= 7", .bool(true)),
        ("pain in 4..6", .unknown(reason: "pain")),
        ("stress in 1..3", .bool(true)),
        ("pain + 1 > 3", .unknown(reason: "pain")),
        ("'caffeine' in triggers", .unknown(reason: "triggers")),
        ("days_since(last_injection) >= 10", .bool(true)),
        ("context == 'remote'", .unknown(reason: "context")),
        ("avg(stress, 3d) >= 7", .bool(false)),            // no earlier check-ins: the average of today alone
        ("stress in [pain, 2]", .bool(true)),             // a match wins over an unknown entry
        ("stress in [pain, 5]", .unknown(reason: "pain")),  // no match and an unknown entry
    ])
    func comparisonsOnMissingValuesAreUnknown(_ when: String, _ expected: Value) throws {
        let state = State(facts: ["stress": .integer(2), "last_injection": .date(Day(iso: "2026-11-01")!.daysSinceEpoch)])
        #expect(try evaluate(when, state) == expected)
    }

    @Test func existsOverInstancesIsTwoValued() throws {
        var state = State(facts: [:])
        let when = "exists t: trigger where t.intensity >= 5"
        #expect(try evaluate(when, state) == .bool(false))
        state.triggers = [["name": .string("deadline"), "intensity": .integer(7)]]
        #expect(try evaluate(when, state) == .bool(true))
        state.triggers = [["name": .string("deadline")]]
        #expect(try evaluate(when, state) == .unknown(reason: "exists t: trigger where t.intensity >= 5"))
    }
}
