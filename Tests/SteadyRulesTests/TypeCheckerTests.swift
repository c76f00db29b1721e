import Testing
@testable import SteadyRules

/// Type errors, exactly: code, position and message, with the hint where one is given.
/// `ruleFile(when:)` puts the expression on line 17; a quoted value starts at column 12.
struct TypeCheckerTests {
    @Test(arguments: [
        ("\"stres >= 7\"", "SR0401 17:12 unknown fact 'stres' | did you mean 'stress'?"),
        ("\"sleep_hour < 6\"", "SR0401 17:12 unknown fact 'sleep_hour' | did you mean 'sleep_hours'?"),
        ("\"stress >= '7'\"", "SR0402 17:12 cannot compare 'stress' (integer) with ''7'' (string) using '>=' | remove the quotes: 7 is a number"),
        ("\"context == 'remot'\"", "SR0403 17:23 'remot' is not a value of 'context' | did you mean 'remote'?"),
        ("\"'cafeine' in triggers\"", "SR0403 17:12 'cafeine' is not a value of 'triggers' | did you mean 'caffeine'?"),
        ("\"context in ['remote', 'office']\"", "SR0403 17:34 'office' is not a value of 'context' | allowed: desk_office, remote"),
        ("\"context > 'remote'\"", "SR0402 17:12 cannot compare 'context' (enum(desk_office, remote)) with ''remote'' (string) using '>' | enums compare only with == and !="),
        ("\"stress + 'a' > 1\"", "SR0402 17:12 cannot apply '+' to 'stress' (integer) and ''a'' (string) | arithmetic works on numbers"),
        ("\"stress and pain > 1\"", "SR0408 17:12 a condition must be true or false, but 'stress' is an integer | compare it, for example 'stress >= 7'"),
        ("\"max(stress) > 1\"", "SR0405 17:12 max takes 2 arguments, got 1 | usage: max(stress, 7d)"),
        ("\"avg(stress, 3) > 1\"", "SR0405 17:24 the last argument of avg is a window such as 7d | usage: avg(stress, 7d)"),
        ("\"avg(context, 3d) > 1\"", "SR0405 17:16 avg() needs a number; found 'context' (enum(desk_office, remote)) | usage: avg(stress, 7d)"),
        ("\"streak(stress) > 1\"", "SR0408 17:19 a condition must be true or false, but 'stress' is an integer | compare it, for example 'stress >= 7'"),
        ("\"trend(pain, 7d) > 0 and stress > 3d\"", "SR0402 17:45 a window like '3d' is only allowed as a history function's last argument | for example avg(stress, 3d)"),
        ("\"days_since(stress) > 3\"", "SR0405 17:23 days_since() takes a date; found 'stress' (integer)"),
        ("\"avrg(stress, 3d) > 1\"", "SR0404 17:12 unknown function 'avrg' | did you mean 'avg'?"),
        ("\"trigger.name == 'x'\"", "SR0409 17:12 'trigger' has many instances; bind one with a pattern | write 'x: trigger where x.field ...' as a condition, or 'exists x: trigger where ...'"),
        ("\"t: trigger where t.nme == 'x'\"", "SR0406 17:29 'trigger' has no field 'nme' | did you mean 'name'?"),
        ("\"t: stress\"", "SR0407 17:15 'stress' is a single fact; patterns range over multi-instance facts | declare it with 'type: template', or test it directly"),
        ("\"exists t: trigger where t > 1\"", "SR0409 17:36 't' is an instance of 'trigger'; use one of its fields | for example t.name"),
        ("\"stress.level > 1\"", "SR0406 17:12 'stress' is an integer and has no fields"),
        ("\"not stress\"", "SR0408 17:16 a condition must be true or false, but 'stress' is an integer | compare it, for example 'stress >= 7'"),
        ("\"pain in 'a'..3\"", "SR0402 17:12 a range needs numbers; found ''a'' (string)"),
        ("\"last_injection in 1..5\"", "SR0402 17:12 a range cannot mix dates and numbers"),
        ("\"size(stress) > 1\"", "SR0405 17:17 size() takes a set or a list; found 'stress' (integer)"),
        ("\"contains(triggers, 'caffeine')\"", "SR0405 17:21 contains() works on text; 'triggers' (set of (caffeine, deadline)) is a set | to look for a value in a set, write '\"value\" in triggers'"),
        ("\"starts_with(context, 1)\"", "SR0405 17:33 starts_with() works on text; found '1' (integer)"),
        ("\"if stress then true else false\"", "SR0408 17:15 a condition must be true or false, but 'stress' is an integer | compare it, for example 'stress >= 7'"),
        ("\"(if stress > 3 then 1 else 'a') == 1\"", "SR0402 17:12 the branches of 'if' differ: '1' (integer) and ''a'' (string) | both branches must be of one type"),
        ("\"(if stress > 3 then context else 'remot') == 'remote'\"", "SR0403 17:45 'remot' is not a value of 'context' | did you mean 'remote'?"),
        ("\"(if stress > 3 then 'remot' else context) == 'remote'\"", "SR0403 17:32 'remot' is not a value of 'context' | did you mean 'remote'?"),
        ("\"stress in context\"", "SR0402 17:22 'in' needs a set, a list or a range; found 'context' (enum(desk_office, remote)) | for example \"caffeine\" in triggers, or pain in 4..6"),
    ])
    func reportsTypeErrorsExactly(_ when: String, _ expected: String) {
        let result = load(ruleFile(when: when))
        let rendered = result.diagnostics.map { d in
            "\(d.code.rawValue) \(d.span!.start) \(d.message)" + (d.hint.map { " | \($0)" } ?? "")
        }
        #expect(rendered == [expected])
        #expect(result.ruleSet == nil)
    }

    @Test func knownOfADerivedBoolWarns() {
        let result = load(ruleFile(when: "\"known(calm) and stress > 1\"", facts: "  calm: {type: bool, derived: true}"))
        #expect(result.diagnostics.filter { $0.code == .alwaysKnown }.map(\.message)
            == ["'calm' is a derived bool (false unless a rule concludes it), so known(calm) is always true"])
    }

    @Test func derivedEnumsTakeOnlyCheckableValues() {
        let yaml = """
            ruleset: t
            version: 1
            facts:
              name: {type: string}
              phase: {type: enum, values: [a, b], derived: true}
            rules:
              - {id: r, title: R, then: [{derive: phase, value: "name"}]}
            """
        #expect(positions(load(yaml)) == ["SR0402 7:54"])
    }

    @Test func budgetFactMustBeAnIntegerInput() {
        let policy = "policy: p\nversion: 1\ntime_budget_minutes: 30\nmax_items: 3\nbudget_fact: minutes\n"
        let result = load(["r.yaml": ruleFile(when: "\"stress > 1\""), "p.yaml": policy])
        #expect(result.diagnostics.filter { $0.severity == .error }.map(\.message)
            == ["budget_fact 'minutes' is not a fact of rule set 't'"])
    }

    @Test func reportsEveryErrorOfARuleTogether() {
        let result = load(ruleFile(when: "\"stres >= 7 and context == 'remot' and foo(1)\""))
        #expect(positions(result) == ["SR0401 17:12", "SR0403 17:38", "SR0404 17:50"])
    }

    @Test(arguments: [
        "\"stress >= 7 and pain in 4..6\"",
        "\"sleep_hours < 6 or stress * 2 > pain + 1.5\"",
        "\"'caffeine' in triggers and context == 'remote'\"",
        "\"context in ['remote', 'desk_office'] and not known(pain)\"",
        "\"t: trigger where t.intensity >= 5 and t.name == 'neck'\"",
        "\"not exists t: trigger where t.name == 'x'\"",
        "\"avg(stress, 3d) >= 7 and count(pain >= 7, 2w) >= 3 and streak(stress >= 7) >= 3 and trend(pain, 7d) > 0\"",
        "\"days_since(last_injection) > 70\"",
        "{all: [\"stress >= 7\", {any: [\"pain >= 7\", {not: \"known(sleep_hours)\"}]}]}",
    ])
    func acceptsWellTypedConditions(_ when: String) {
        let result = load(ruleFile(when: when))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        #expect(result.ruleSet?.rules.count == 1)
    }

    @Test func patternsBindAndLaterConditionsSeeThem() throws {
        let result = load(ruleFile(when: "[\"t: trigger where t.intensity >= 5\", \"u: trigger where u.name == t.name\", \"stress >= 7\"]"))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.map(\.message))")
        let rule = try #require(result.ruleSet?.rules.first)
        let shapes = rule.condition.elements.map { element -> String in
            switch element {
            case .pattern(let binding, let name, let template, let filter): "\(binding) \(name): \(template) where \(filter?.text ?? "-")"
            case .test(let expr): "test \(expr.text)"
            }
        }
        #expect(shapes == ["0 t: trigger where t.intensity >= 5", "1 u: trigger where u.name == t.name", "test stress >= 7"])
    }

    /// One checker reads each expression through that expression's own scalars. "é" composed
    /// (one scalar) and decomposed (two) make texts that are equal as strings but not byte for
    /// byte: read through the first text's scalars, the second's ranges would be one off.
    @Test func anExpressionOnlyCanonicallyEqualToThePreviousOneIsReadFromItsOwnScalars() throws {
        let schema = try #require(load(ruleFile(when: "\"stress > 1\"")).ruleSet).schema
        var checker = TypeChecker(schema: schema)
        let file = SourceFile(path: "t.yaml", text: "")
        for text in ["'caf\u{E9}' != 'tea' and stress >= 7", "'cafe\u{301}' != 'tea' and stress >= 7"] {
            let source = EmbeddedSource(file: file, mark: SourceLocation(line: 1, column: 1), style: .plain, text: text)
            let checked = checker.check(try Parser.parse(text, limits: .default), in: source)
            guard case .and(let terms) = checked.kind else { Issue.record("not a conjunction: \(checked.kind)"); continue }
            #expect(terms.map(\.text) == [String(text.prefix(while: { $0 != " " })) + " != 'tea'", "stress >= 7"])
        }
        #expect(checker.diagnostics.isEmpty)
    }
}
