import Testing
@testable import SteadyRules

/// Renders a syntax tree as a fully parenthesised string, to assert precedence exactly.
func sexpr(_ expr: Expr) -> String {
    switch expr.kind {
    case .integer(let v): "\(v)"
    case .decimal(let v): "\(v)"
    case .string(let v): "'\(v)'"
    case .bool(let v): "\(v)"
    case .duration(let days): "\(days)d"
    case .name(let n): n
    case .member(let base, let field): "\(sexpr(base)).\(field)"
    case .negate(let e): "(- \(sexpr(e)))"
    case .not(let e): "(not \(sexpr(e)))"
    case .binary(let op, let l, let r): "(\(op.rawValue) \(sexpr(l)) \(sexpr(r)))"
    case .membership(let e, let c, let negated): "(\(negated ? "not in" : "in") \(sexpr(e)) \(sexpr(c)))"
    case .range(let l, let h): "\(sexpr(l))..\(sexpr(h))"
    case .list(let items): "[" + items.map(sexpr).joined(separator: " ") + "]"
    case .call(let name, let args): "\(name)(" + args.map(sexpr).joined(separator: " ") + ")"
    case .pattern(let p): "(bind \(p.binding ?? "_") \(p.fact)\(p.filter.map { " " + sexpr($0) } ?? ""))"
    case .exists(let p): "(exists \(p.binding ?? "_") \(p.fact)\(p.filter.map { " " + sexpr($0) } ?? ""))"
    case .conditional(let c, let t, let e): "(if \(sexpr(c)) \(sexpr(t)) \(sexpr(e)))"
    }
}

struct ParserTests {
    @Test(arguments: [
        ("stress >= 7 and pain < 3 or fatigue > 5", "(or (and (>= stress 7) (< pain 3)) (> fatigue 5))"),
        ("a or b and c", "(or a (and b c))"),
        ("not a and b", "(and (not a) b)"),
        ("not (a and b)", "(not (and a b))"),
        ("1 + 2 * 3 - 4", "(- (+ 1 (* 2 3)) 4)"),
        ("-pain + 2 >= 0", "(>= (+ (- pain) 2) 0)"),
        ("pain in 4..6", "(in pain 4..6)"),
        ("'caffeine' not in triggers", "(not in 'caffeine' triggers)"),
        ("work.context in ['desk_office', 'remote']", "(in work.context ['desk_office' 'remote'])"),
        ("avg(stress, 3d) >= 7", "(>= avg(stress 3d) 7)"),
        ("count(pain >= 7, 2w) >= 3", "(>= count((>= pain 7) 14d) 3)"),
        ("t: trigger where t.active and t.intensity > 5", "(bind t trigger (and t.active (> t.intensity 5)))"),
        ("not exists t: trigger where t.name == 'x'", "(not (exists t trigger (== t.name 'x')))"),
        ("exists trigger", "(exists _ trigger)"),
        ("sleep_hours < 5.5", "(< sleep_hours 5.5)"),
        ("\"it's\" == 'it\\'s'", "(== 'it's' 'it's')"),
        ("if a then 1 else 2 + 3", "(if a 1 (+ 2 3))"),
        ("(if a then 1 else 2) + 3", "(+ (if a 1 2) 3)"),
        ("if a or b then x > 1 else if c then y else z", "(if (or a b) (> x 1) (if c y z))"),
        ("size(triggers) >= 2 and starts_with(note, 'neck')", "(and (>= size(triggers) 2) starts_with(note 'neck'))"),
    ])
    func precedenceAndShapes(_ source: String, _ expected: String) throws {
        #expect(sexpr(try Parser.parse(source)) == expected)
    }

    @Test(arguments: [
        ("stress >=", "SR0303", 9..<9, "expression ends where a value was expected"),
        ("(stress >= 7", "SR0303", 12..<12, "expected ')' but found end of expression"),
        ("stress >= 7)", "SR0303", 11..<12, "unexpected ')' after the expression"),
        ("stress = 7", "SR0301", 7..<8, "unexpected character '='"),
        ("a && b", "SR0301", 2..<3, "unexpected character '&'"),
        ("'open", "SR0302", 0..<5, "string is not closed"),
        ("1 < pain < 3", "SR0303", 9..<10, "comparisons cannot be chained"),
        ("3x > 1", "SR0307", 0..<2, "invalid number '3x'"),
        ("avg(stress, 600w) > 1", "SR0307", 12..<16, "window '600w' is too long"),
        ("   ", "SR0306", 0..<1, "expression is empty"),
        ("stress 7", "SR0303", 7..<8, "unexpected '7' after the expression"),
        ("if a 1 else 2", "SR0303", 5..<6, "expected 'then' but found '1'"),
        ("if a then 1", "SR0303", 11..<11, "expected 'else' but found end of expression"),
        ("trigger where x", "SR0303", 8..<13, "unexpected 'where' after the expression"),
    ])
    func syntaxErrors(_ source: String, _ code: String, _ range: Range<Int>, _ message: String) {
        #expect(throws: SyntaxError.self) { try Parser.parse(source) }
        do {
            _ = try Parser.parse(source)
        } catch {
            #expect(error.code.rawValue == code)
            #expect(error.range == range)
            #expect(error.message == message)
        }
    }

    @Test func depthAndLengthLimits() {
        var limits = Limits()
        limits.maxExpressionDepth = 10
        limits.maxExpressionLength = 50
        let deep = String(repeating: "(", count: 11) + "a" + String(repeating: ")", count: 11)
        #expect(throws: SyntaxError(.expressionTooDeep, "expression is nested more than 10 levels deep", at: 10..<11,
                                    hint: "split it into derived facts")) { try Parser.parse(deep, limits: limits) }
        let notChain = String(repeating: "not ", count: 20) + "a"
        #expect(throws: SyntaxError.self) { try Parser.parse(notChain, limits: limits) }
        let long = Array(repeating: "a", count: 26).joined(separator: " and ")
        #expect(throws: SyntaxError(.expressionTooLong, "expression is 151 characters; the limit is 50", at: 0..<1,
                                    hint: "split it with 'all:' or into a derived fact")) { try Parser.parse(long, limits: limits) }
        #expect((try? Parser.parse(String(repeating: "(", count: 9) + "a" + String(repeating: ")", count: 9), limits: limits)) != nil)
    }
}
