/// A recursive-descent parser for condition expressions.
///
/// Precedence, loosest first: `or`, `and`, `not`, comparison and `in`, `+ -`, `* / %`, unary `-`,
/// member access and calls. Patterns (`t: trigger where ...`) and `exists` sit at the `not` level.
/// `if c then a else b` is a value of its own: its `else` branch reaches as far as it can, so
/// `if c then 1 else 2 + 3` adds 3 to the `else` branch only (parenthesise to add to either).
///
/// ```swift
/// let expr = try Parser.parse("stress >= 7 and \"caffeine\" in triggers")
/// ```
public struct Parser {
    private let tokens: [Token]
    private var position = 0
    private var depth = 0
    private let maxDepth: Int

    private init(tokens: [Token], maxDepth: Int) {
        self.tokens = tokens
        self.maxDepth = maxDepth
    }

    /// Parses `text` as one whole expression.
    public static func parse(_ text: String, limits: Limits = .default) throws(SyntaxError) -> Expr {
        try parse(text, offset: 0, limits: limits)
    }

    /// Parses `text` found at scalar `offset` of a larger text (a `{placeholder}` in a reason),
    /// so every range — of the tree and of an error — is an offset in the larger text.
    public static func parse(_ text: String, offset: Int, limits: Limits = .default) throws(SyntaxError) -> Expr {
        let length = text.unicodeScalars.count
        if length > limits.maxExpressionLength {
            throw SyntaxError(.expressionTooLong, "expression is \(length) characters; the limit is \(limits.maxExpressionLength)",
                              at: offset..<(offset + 1), hint: "split it with 'all:' or into a derived fact")
        }
        var tokens: [Token]
        do {
            tokens = try Lexer(text).tokenize()
        } catch {
            throw SyntaxError(error.code, error.message, at: (error.range.lowerBound + offset)..<(error.range.upperBound + offset), hint: error.hint)
        }
        if offset != 0 {
            tokens = tokens.map { Token(kind: $0.kind, range: ($0.range.lowerBound + offset)..<($0.range.upperBound + offset)) }
        }
        if tokens.count == 1 {
            throw SyntaxError(.emptyExpression, "expression is empty", at: offset..<(offset + 1), hint: "write a condition such as 'stress >= 7'")
        }
        var parser = Parser(tokens: tokens, maxDepth: limits.maxExpressionDepth)
        let expr = try parser.expression()
        guard case .end = parser.current.kind else {
            throw SyntaxError(.unexpectedToken, "unexpected \(parser.current.display) after the expression",
                              at: parser.current.range, hint: parser.hintAfterExpression())
        }
        return expr
    }

    // MARK: - Grammar

    private mutating func expression() throws(SyntaxError) -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            throw SyntaxError(.expressionTooDeep, "expression is nested more than \(maxDepth) levels deep",
                              at: current.range, hint: "split it into derived facts")
        }
        return try or()
    }

    private mutating func or() throws(SyntaxError) -> Expr {
        var left = try and()
        while accept(.keyword(.or)) {
            let right = try and()
            left = Expr(.binary(.or, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func and() throws(SyntaxError) -> Expr {
        var left = try not()
        while accept(.keyword(.and)) {
            let right = try not()
            left = Expr(.binary(.and, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func not() throws(SyntaxError) -> Expr {
        let start = current.range.lowerBound
        if accept(.keyword(.not)) {
            let operand = try nested { (p: inout Parser) throws(SyntaxError) in try p.not() }
            return Expr(.not(operand), start..<operand.range.upperBound)
        }
        if accept(.keyword(.exists)) {
            let pattern = try self.pattern()
            return Expr(.exists(pattern), start..<previousEnd)
        }
        if case .identifier = current.kind, case .symbol(.colon) = peek.kind {
            let pattern = try self.pattern()
            return Expr(.pattern(pattern), start..<previousEnd)
        }
        return try comparison()
    }

    /// `[name ':'] fact ['where' expression]`
    private mutating func pattern() throws(SyntaxError) -> Pattern {
        var binding: String?, bindingRange: Range<Int>?
        if case .identifier(let name) = current.kind, case .symbol(.colon) = peek.kind {
            binding = name
            bindingRange = current.range
            position += 2
        }
        guard case .identifier(let fact) = current.kind else {
            throw unexpected("a fact name")
        }
        let factRange = current.range
        position += 1
        var filter: Expr?
        if accept(.keyword(.where)) {
            guard binding != nil else {
                throw SyntaxError(.unexpectedToken, "'where' needs a binding name", at: tokens[position - 1].range,
                                  hint: "write 'x: \(fact) where x.field ...'")
            }
            filter = try nested { (p: inout Parser) throws(SyntaxError) in try p.and() }
        }
        return Pattern(binding: binding, bindingRange: bindingRange, fact: fact, factRange: factRange, filter: filter)
    }

    private mutating func comparison() throws(SyntaxError) -> Expr {
        let left = try additive()
        let start = left.range.lowerBound
        if case .symbol(let symbol) = current.kind, let op = BinaryOperator(rawValue: symbol.rawValue), op.isComparison {
            position += 1
            let right = try additive()
            let expr = Expr(.binary(op, left, right), start..<right.range.upperBound)
            if case .symbol(let next) = current.kind, let chained = BinaryOperator(rawValue: next.rawValue), chained.isComparison {
                throw SyntaxError(.unexpectedToken, "comparisons cannot be chained", at: current.range,
                                  hint: "write 'a < b and b < c', or 'b in a..c'")
            }
            return expr
        }
        var negated = false
        if case .keyword(.not) = current.kind, case .keyword(.in) = peek.kind {
            negated = true
            position += 1
        }
        if accept(.keyword(.in)) {
            let collection = try additive()
            var right = collection
            if accept(.symbol(.range)) {
                let upper = try additive()
                right = Expr(.range(collection, upper), collection.range.lowerBound..<upper.range.upperBound)
            }
            return Expr(.membership(left, right, negated: negated), start..<right.range.upperBound)
        }
        return left
    }

    private mutating func additive() throws(SyntaxError) -> Expr {
        var left = try multiplicative()
        while case .symbol(let symbol) = current.kind, symbol == .plus || symbol == .minus {
            position += 1
            let right = try multiplicative()
            left = Expr(.binary(symbol == .plus ? .add : .subtract, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func multiplicative() throws(SyntaxError) -> Expr {
        var left = try unary()
        while case .symbol(let symbol) = current.kind, symbol == .star || symbol == .slash || symbol == .percent {
            position += 1
            let right = try unary()
            let op: BinaryOperator = symbol == .star ? .multiply : symbol == .slash ? .divide : .remainder
            left = Expr(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func unary() throws(SyntaxError) -> Expr {
        let start = current.range.lowerBound
        if accept(.symbol(.minus)) {
            let operand = try nested { (p: inout Parser) throws(SyntaxError) in try p.unary() }
            return Expr(.negate(operand), start..<operand.range.upperBound)
        }
        return try postfix()
    }

    private mutating func postfix() throws(SyntaxError) -> Expr {
        var expr = try primary()
        while true {
            if accept(.symbol(.dot)) {
                guard case .identifier(let field) = current.kind else { throw unexpected("a field name after '.'") }
                position += 1
                expr = Expr(.member(expr, field), expr.range.lowerBound..<previousEnd)
            } else if case .symbol(.leftParen) = current.kind, case .name(let function) = expr.kind {
                position += 1
                let arguments = try list(closing: .rightParen)
                expr = Expr(.call(function, arguments), expr.range.lowerBound..<previousEnd)
            } else {
                return expr
            }
        }
    }

    private mutating func primary() throws(SyntaxError) -> Expr {
        let token = current
        switch token.kind {
        case .integer(let value): position += 1; return Expr(.integer(value), token.range)
        case .decimal(let value): position += 1; return Expr(.decimal(value), token.range)
        case .string(let value): position += 1; return Expr(.string(value), token.range)
        case .duration(let days): position += 1; return Expr(.duration(days: days), token.range)
        case .keyword(.true): position += 1; return Expr(.bool(true), token.range)
        case .keyword(.false): position += 1; return Expr(.bool(false), token.range)
        case .identifier(let name): position += 1; return Expr(.name(name), token.range)
        case .symbol(.leftParen):
            position += 1
            let inner = try expression()
            try expect(.rightParen, opening: token)
            return Expr(inner.kind, token.range.lowerBound..<previousEnd)
        case .symbol(.leftBracket):
            position += 1
            let items = try list(closing: .rightBracket)
            return Expr(.list(items), token.range.lowerBound..<previousEnd)
        case .keyword(.if):
            position += 1
            let condition = try expression()
            try expect(.then, after: token)
            let then = try expression()
            try expect(.else, after: token)
            let otherwise = try expression()
            return Expr(.conditional(condition, then: then, else: otherwise), token.range.lowerBound..<otherwise.range.upperBound)
        default:
            throw unexpected("a value")
        }
    }

    /// Comma-separated expressions up to `closing`, which is consumed.
    private mutating func list(closing: Token.Symbol) throws(SyntaxError) -> [Expr] {
        let opening = tokens[position - 1]
        var items: [Expr] = []
        if accept(.symbol(closing)) { return items }
        repeat {
            items.append(try expression())
        } while accept(.symbol(.comma))
        try expect(closing, opening: opening)
        return items
    }

    // MARK: - Helpers

    private var current: Token { tokens[position] }
    private var peek: Token { tokens[min(position + 1, tokens.count - 1)] }
    private var previousEnd: Int { tokens[position - 1].range.upperBound }

    private mutating func accept(_ kind: Token.Kind) -> Bool {
        guard current.kind == kind else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ symbol: Token.Symbol, opening: Token) throws(SyntaxError) {
        guard accept(.symbol(symbol)) else {
            throw SyntaxError(.unexpectedToken, "expected '\(symbol.rawValue)' but found \(current.display)", at: current.range,
                              hint: "to match the \(opening.display) at offset \(opening.range.lowerBound + 1)")
        }
    }

    /// Consumes `keyword`, which the `if` at `opening` needs next.
    private mutating func expect(_ keyword: Token.Keyword, after opening: Token) throws(SyntaxError) {
        guard accept(.keyword(keyword)) else {
            throw SyntaxError(.unexpectedToken, "expected '\(keyword.rawValue)' but found \(current.display)", at: current.range,
                              hint: "write 'if condition then value else other' (the 'if' is at offset \(opening.range.lowerBound + 1))")
        }
    }

    /// Runs `body` one level deeper, enforcing the depth limit.
    private mutating func nested(_ body: (inout Parser) throws(SyntaxError) -> Expr) throws(SyntaxError) -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            throw SyntaxError(.expressionTooDeep, "expression is nested more than \(maxDepth) levels deep",
                              at: current.range, hint: "split it into derived facts")
        }
        return try body(&self)
    }

    private func unexpected(_ expected: String) -> SyntaxError {
        if case .end = current.kind {
            return SyntaxError(.unexpectedToken, "expression ends where \(expected) was expected", at: current.range,
                               hint: "the expression looks unfinished")
        }
        return SyntaxError(.unexpectedToken, "expected \(expected) but found \(current.display)", at: current.range)
    }

    private func hintAfterExpression() -> String? {
        switch current.kind {
        case .identifier, .integer, .decimal, .string: "join conditions with 'and' or 'or'"
        case .symbol(.rightParen): "this ')' has no matching '('"
        default: nil
        }
    }
}
