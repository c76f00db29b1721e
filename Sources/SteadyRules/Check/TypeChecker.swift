import Foundation

/// Checks expressions against a ``Schema``: resolves names, types every node, validates enum
/// literals, and reports every problem it finds (it never stops at the first).
///
/// One checker serves one rule (or one catalog action), so pattern bindings introduced by one
/// condition are visible to the later ones and node ids are unique across them.
struct TypeChecker {
    /// A pattern variable in scope: its name and the template it ranges over.
    struct Binding: Hashable {
        let name: String
        let template: String
    }

    let schema: Schema
    /// The catalog's action ids, when there is a catalog, to check `suggested("id", 3d)`.
    var actionIDs: Set<String>?
    private(set) var bindings: [Binding] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var nextID = 0
    private var source: EmbeddedSource!
    private var scalars: [Unicode.Scalar] = []

    init(schema: Schema) {
        self.schema = schema
    }

    /// Checks `expr`, parsed from `source`. A pattern is accepted only when `topLevel`, where it
    /// adds a binding; elsewhere it is an error.
    mutating func check(_ expr: Expr, in source: EmbeddedSource) -> CheckedExpr {
        use(source)
        return check(expr)
    }

    /// Checks a pattern that stands as a top-level condition and brings its binding into scope.
    mutating func checkPattern(_ pattern: Pattern, range: Range<Int>, in source: EmbeddedSource)
        -> (binding: Int, template: String, filter: CheckedExpr?)?
    {
        use(source)
        return bind(pattern, range: range)
    }

    /// Makes `source` the current expression's text; the conjuncts of one condition share it, so
    /// its scalars are taken once.
    private mutating func use(_ source: EmbeddedSource) {
        if self.source.map({ Self.sameBytes($0.text, source.text) }) != true { scalars = Array(source.text.unicodeScalars) }
        self.source = source
    }

    /// Whether two texts are byte for byte the same: texts that are only canonically equal have
    /// different scalars. Compared in place with `memcmp`: walking the two `utf8` views cost
    /// about 5,000 instructions for a one-line condition.
    private static func sameBytes(_ first: String, _ second: String) -> Bool {
        var first = first, second = second
        return first.withUTF8 { one in
            second.withUTF8 { other in
                one.count == other.count && (one.isEmpty || memcmp(one.baseAddress!, other.baseAddress!, one.count) == 0)
            }
        }
    }

    /// Reports `message` about a range of the current expression.
    mutating func report(_ code: DiagnosticCode, _ message: String, at range: Range<Int>, hint: String? = nil,
                         severity: Severity = .error) {
        diagnostics.append(Diagnostic(code, message, at: span(range), severity: severity, hint: hint))
    }

    /// The file span of `range` in the current expression.
    func span(_ range: Range<Int>) -> SourceSpan {
        source.span(of: range)
    }

    /// A checked node for something built outside an expression (an `all:`/`any:` list).
    mutating func combine(_ kind: CheckedExpr.Kind, text: String) -> CheckedExpr {
        CheckedExpr(id: takeID(), kind: kind, type: .bool, text: text)
    }

    // MARK: - Expressions

    private mutating func check(_ expr: Expr) -> CheckedExpr {
        let id = takeID()
        let (kind, type) = checkKind(expr)
        return CheckedExpr(id: id, kind: kind, type: type, text: text(expr.range))
    }

    private mutating func checkKind(_ expr: Expr) -> (CheckedExpr.Kind, SteadyType) {
        switch expr.kind {
        case .integer(let value): return (.constant(.integer(value)), .integer)
        case .decimal(let value): return (.constant(.number(value)), .number)
        case .string(let value): return (.constant(.string(value)), .string)
        case .bool(let value): return (.constant(.bool(value)), .bool)
        case .duration(let days):
            report(.typeMismatch, "a window like '\(days)d' is only allowed as a history function's last argument",
                   at: expr.range, hint: "for example avg(stress, \(days)d)")
            return (.constant(.duration(days)), .error)
        case .name(let name): return resolve(name: name, range: expr.range)
        case .member(let base, let field): return member(base, field, range: expr.range)
        case .negate(let operand):
            let checked = check(operand)
            if !checked.type.isNumeric && checked.type != .error {
                report(.typeMismatch, "cannot negate \(describe(checked))", at: expr.range)
                return (.negate(checked), .error)
            }
            return (.negate(checked), checked.type)
        case .not(let operand):
            let checked = requireBool(check(operand), range: operand.range)
            return (.not(checked), .bool)
        case .binary(let op, let left, let right):
            return binary(op, left, right, range: expr.range)
        case .membership(let element, let collection, let negated):
            return membership(element, collection, negated: negated)
        case .range:
            report(.unexpectedToken, "a range is only allowed after 'in'", at: expr.range, hint: "write 'pain in 4..6'")
            return (.constant(.bool(false)), .error)
        case .list(let items):
            let checked = items.map { check($0) }
            let element = checked.first?.type ?? .string
            for item in checked where !item.type.isComparable(with: element) {
                report(.typeMismatch, "list mixes \(element) and \(item.type)", at: expr.range)
                return (.list(checked), .error)
            }
            return (.list(checked), .list(element))
        case .call(let name, let arguments):
            return call(name, arguments, range: expr.range)
        case .conditional(let condition, let then, let otherwise):
            let c = requireBool(check(condition), range: condition.range)
            let a = check(then), b = check(otherwise)
            return (.conditional(c, then: a, else: b), branchType(a, b, range: expr.range, ranges: (then.range, otherwise.range)))
        case .pattern(let pattern):
            report(.invalidPattern, "a pattern '\(pattern.binding ?? "_"): \(pattern.fact)' must be a condition of its own",
                   at: expr.range, hint: "put it first in the rule's conditions, or test with 'exists \(pattern.fact) where ...'")
            return (.constant(.bool(false)), .error)
        case .exists(let pattern):
            let saved = bindings
            defer { bindings = saved }
            guard let bound = bind(pattern, range: expr.range) else { return (.constant(.bool(false)), .error) }
            return (.exists(template: bound.template, binding: bound.binding, filter: bound.filter), .bool)
        }
    }

    private mutating func resolve(name: String, range: Range<Int>) -> (CheckedExpr.Kind, SteadyType) {
        if let index = bindings.lastIndex(where: { $0.name == name }) {
            report(.templateAsValue, "'\(name)' is an instance of '\(bindings[index].template)'; use one of its fields",
                   at: range, hint: fieldHint(template: bindings[index].template, base: name))
            return (.constant(.bool(false)), .error)
        }
        if let fact = schema.facts[name] { return (.fact(name), fact.type) }
        if schema.records[name] != nil {
            report(.typeMismatch, "'\(name)' is a group of facts; use one of its fields", at: range,
                   hint: "for example \(name).\(schema.records[name]!.first ?? "field")")
            return (.constant(.bool(false)), .error)
        }
        if schema.templates[name] != nil {
            report(.templateAsValue, "'\(name)' has many instances; bind one with a pattern", at: range,
                   hint: "write 'x: \(name) where x.field ...' as a condition, or 'exists x: \(name) where ...'")
            return (.constant(.bool(false)), .error)
        }
        let candidates = schema.topLevelNames + bindings.map(\.name)
        report(.unknownName, "unknown fact '\(name)'", at: range,
               hint: Suggestions.hint(for: name, in: candidates) ?? "declare it under 'facts:'")
        return (.constant(.bool(false)), .error)
    }

    private mutating func member(_ base: Expr, _ field: String, range: Range<Int>) -> (CheckedExpr.Kind, SteadyType) {
        if case .name("params") = base.kind, schema.facts["params"] == nil, schema.records["params"] == nil {
            guard let value = schema.params[field] else {
                report(.unknownName, "unknown parameter 'params.\(field)'", at: range,
                       hint: Suggestions.hint(for: field, in: schema.params.keys) ?? "declare it under 'params:'")
                return (.constant(.bool(false)), .error)
            }
            let type: SteadyType = switch value {
            case .integer: .integer
            case .number: .number
            case .bool: .bool
            default: .string
            }
            return (.constant(value), type)
        }
        guard case .name(let baseName) = base.kind else {
            let checked = check(base)
            if checked.type != .error {
                report(.unknownField, "\(describe(checked)) has no field '\(field)'", at: range)
            }
            return (.constant(.bool(false)), .error)
        }
        if let index = bindings.lastIndex(where: { $0.name == baseName }) {
            let template = bindings[index].template
            guard let declaration = schema.templates[template]?.field(field) else {
                let names = schema.templates[template]?.fields.map(\.name) ?? []
                report(.unknownField, "'\(template)' has no field '\(field)'", at: range,
                       hint: Suggestions.hint(for: field, in: names) ?? "its fields: \(names.joined(separator: ", "))")
                return (.constant(.bool(false)), .error)
            }
            return (.field(binding: index, name: field), declaration.type)
        }
        if let fields = schema.records[baseName] {
            guard let fact = schema.facts["\(baseName).\(field)"] else {
                report(.unknownField, "'\(baseName)' has no field '\(field)'", at: range,
                       hint: Suggestions.hint(for: field, in: fields) ?? "its fields: \(fields.joined(separator: ", "))")
                return (.constant(.bool(false)), .error)
            }
            return (.fact(fact.name), fact.type)
        }
        let (kind, type) = resolve(name: baseName, range: base.range)
        if type != .error {
            report(.unknownField, "'\(baseName)' is \(type == .bool ? "a" : "an") \(type) and has no fields", at: range)
            return (kind, .error)
        }
        return (kind, type)
    }

    // MARK: Operators

    private mutating func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, range: Range<Int>)
        -> (CheckedExpr.Kind, SteadyType)
    {
        switch op {
        case .and, .or:
            var terms: [CheckedExpr] = []
            for side in [left, right] {
                let checked = requireBool(check(side), range: side.range)
                // Flatten chains so `a and b and c` is one node with three terms.
                switch (op, checked.kind) {
                case (.and, .and(let inner)), (.or, .or(let inner)): terms += inner
                default: terms.append(checked)
                }
            }
            return (op == .and ? .and(terms) : .or(terms), .bool)
        case .add, .subtract, .multiply, .divide, .remainder:
            let l = check(left), r = check(right)
            guard l.type != .error, r.type != .error else { return (.arithmetic(op, l, r), .error) }
            guard l.type.isNumeric, r.type.isNumeric else {
                report(.typeMismatch, "cannot apply '\(op.rawValue)' to \(describe(l)) and \(describe(r))", at: range,
                       hint: "arithmetic works on numbers")
                return (.arithmetic(op, l, r), .error)
            }
            let type: SteadyType = l.type == .integer && r.type == .integer && op != .divide ? .integer : .number
            return (.arithmetic(op, l, r), type)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let l = check(left), r = check(right)
            guard l.type != .error, r.type != .error else { return (.compare(op, l, r), .bool) }
            let ordered = op != .equal && op != .notEqual
            if ordered ? !(l.type.isNumeric && r.type.isNumeric || l.type == .date && r.type == .date)
                       : !l.type.isComparable(with: r.type)
            {
                report(.typeMismatch, "cannot compare \(describe(l)) with \(describe(r)) using '\(op.rawValue)'",
                       at: range, hint: comparisonHint(l, r, ordered: ordered))
                return (.compare(op, l, r), .bool)
            }
            checkEnumLiteral(r, against: l, range: right.range)
            checkEnumLiteral(l, against: r, range: left.range)
            return (.compare(op, l, r), .bool)
        }
    }

    private mutating func membership(_ element: Expr, _ collection: Expr, negated: Bool) -> (CheckedExpr.Kind, SteadyType) {
        let item = check(element)
        if case .range(let lowExpr, let highExpr) = collection.kind {
            let low = check(lowExpr), high = check(highExpr)
            let parts = [item, low, high].filter { $0.type != .error }
            if let wrong = parts.first(where: { !$0.type.isNumeric && $0.type != .date }) {
                report(.typeMismatch, "a range needs numbers; found \(describe(wrong))", at: element.range.lowerBound..<collection.range.upperBound)
            } else if parts.contains(where: { $0.type == .date }) && parts.contains(where: \.type.isNumeric) {
                report(.typeMismatch, "a range cannot mix dates and numbers", at: element.range.lowerBound..<collection.range.upperBound)
            }
            return (.between(item, low: low, high: high, negated: negated), .bool)
        }
        var container = check(collection)
        if case .list(let entries) = container.kind, entries.isEmpty {
            // `[]` takes its element type from what is looked for: `7 in []` is simply false.
            container = CheckedExpr(id: container.id, kind: container.kind, type: .list(item.type), text: container.text)
        }
        switch container.type {
        case .error: break
        case .set(let values):
            if item.type != .error && !SteadyType.enumeration(values).isComparable(with: item.type) {
                report(.typeMismatch, "cannot look for \(describe(item)) in \(describe(container))", at: element.range)
            }
            checkEnumLiteral(item, against: SteadyType.enumeration(values), name: container.text, range: element.range)
        case .list(let elementType):
            if item.type != .error && !item.type.isComparable(with: elementType) {
                report(.typeMismatch, "cannot look for \(describe(item)) in a list of \(elementType)", at: element.range)
            }
            if case .list(let entries) = container.kind, case .list(let items) = collection.kind {
                for (entry, syntax) in zip(entries, items) { checkEnumLiteral(entry, against: item, range: syntax.range) }
            }
        default:
            report(.typeMismatch, "'in' needs a set, a list or a range; found \(describe(container))", at: collection.range,
                   hint: "for example \"caffeine\" in triggers, or pain in 4..6")
        }
        return (.contains(element: item, collection: container, negated: negated), .bool)
    }

    // MARK: Calls

    private mutating func call(_ name: String, _ arguments: [Expr], range: Range<Int>) -> (CheckedExpr.Kind, SteadyType) {
        let functions = FunctionNames.all
        func arity(_ expected: Int, _ usage: String) -> Bool {
            guard arguments.count == expected else {
                report(.wrongArguments, "\(name) takes \(expected) argument\(expected == 1 ? "" : "s"), got \(arguments.count)",
                       at: range, hint: "usage: \(usage)")
                return false
            }
            return true
        }
        switch name {
        case "known":
            guard arity(1, "known(pain)") else { return (.constant(.bool(false)), .error) }
            let operand = check(arguments[0])
            switch operand.kind {
            case .fact(let fact) where schema.facts[fact]?.isRequired == true:
                report(.alwaysKnown, "'\(fact)' is required, so known(\(fact)) is always true", at: range,
                       severity: .warning)
            case .fact(let fact) where schema.facts[fact]?.isDerived == true && operand.type == .bool:
                report(.alwaysKnown, "'\(fact)' is a derived bool (false unless a rule concludes it), so known(\(fact)) is always true",
                       at: range, severity: .warning)
            case .fact, .field: break
            default:
                if operand.type != .error {
                    report(.wrongArguments, "known() takes a fact or a field", at: arguments[0].range)
                }
            }
            return (.known(operand), .bool)
        case "days_since":
            guard arity(1, "days_since(last_injection)") else { return (.constant(.integer(0)), .error) }
            let operand = check(arguments[0])
            if operand.type != .date && operand.type != .error {
                report(.wrongArguments, "days_since() takes a date; found \(describe(operand))", at: arguments[0].range)
            }
            return (.daysSince(operand), .integer)
        case "size":
            guard arity(1, "size(triggers)") else { return (.constant(.integer(0)), .error) }
            let operand = check(arguments[0])
            switch operand.type {
            case .set, .list, .error: break
            default: report(.wrongArguments, "size() takes a set or a list; found \(describe(operand))", at: arguments[0].range)
            }
            return (.size(operand), .integer)
        default:
            if let event = ActionEvent(rawValue: name) { return pastAction(event, arguments, range: range) }
            if let function = TextFunction(rawValue: name) { return text(function, arguments, range: range) }
            guard let function = HistoryFunction(rawValue: name) else {
                report(.unknownFunction, "unknown function '\(name)'", at: range.lowerBound..<(range.lowerBound + name.unicodeScalars.count),
                       hint: Suggestions.hint(for: name, in: functions) ?? "functions: \(functions.joined(separator: ", "))")
                return (.constant(.bool(false)), .error)
            }
            return history(function, arguments, range: range)
        }
    }

    /// `contains(note, "neck")`, `starts_with(…)`, `ends_with(…)`: two texts (strings or enum values).
    private mutating func text(_ function: TextFunction, _ arguments: [Expr], range: Range<Int>) -> (CheckedExpr.Kind, SteadyType) {
        let name = function.rawValue
        guard arguments.count == 2 else {
            report(.wrongArguments, "\(name) takes 2 arguments, got \(arguments.count)", at: range, hint: "usage: \(name)(note, \"neck\")")
            return (.constant(.bool(false)), .error)
        }
        let operands = arguments.map { check($0) }
        for (operand, syntax) in zip(operands, arguments) {
            switch operand.type {
            case .string, .enumeration, .error: continue
            case .set: report(.wrongArguments, "\(name)() works on text; \(describe(operand)) is a set", at: syntax.range,
                              hint: "to look for a value in a set, write '\"value\" in \(operand.text)'")
            default: report(.wrongArguments, "\(name)() works on text; found \(describe(operand))", at: syntax.range)
            }
        }
        return (.text(function, operands[0], operands[1]), .bool)
    }

    /// The type of `if … then a else b`: both branches must have one type (numbers mix, enums
    /// join their values, and an enum with a text literal among its values stays the enum; with
    /// any other text it is text).
    private mutating func branchType(_ a: CheckedExpr, _ b: CheckedExpr, range: Range<Int>,
                                     ranges: (then: Range<Int>, else: Range<Int>)) -> SteadyType {
        func isLiteral(_ expr: CheckedExpr) -> Bool { if case .constant = expr.kind { true } else { false } }
        switch (a.type, b.type) {
        case (.error, _), (_, .error): return .error
        case _ where a.type == b.type: return a.type
        case _ where a.type.isNumeric && b.type.isNumeric: return .number
        case (.enumeration(let x), .enumeration(let y)) where a.type.isComparable(with: b.type):
            return .enumeration(x + y.filter { !x.contains($0) })
        case (.enumeration, .string):
            checkEnumLiteral(b, against: a, range: ranges.else)
            return isLiteral(b) ? a.type : .string
        case (.string, .enumeration):
            checkEnumLiteral(a, against: b, range: ranges.then)
            return isLiteral(a) ? b.type : .string
        default:
            report(.typeMismatch, "the branches of 'if' differ: \(describe(a)) and \(describe(b))", at: range,
                   hint: "both branches must be of one type")
            return .error
        }
    }

    /// `suggested("walking", 3d)` and `done("walking", 7d)`: an action id in quotes and a window.
    private mutating func pastAction(_ event: ActionEvent, _ arguments: [Expr], range: Range<Int>) -> (CheckedExpr.Kind, SteadyType) {
        let name = event.rawValue, usage = "usage: \(name)(\"walking\", \(event == .done ? 7 : 3)d)"
        guard arguments.count == 2 else {
            report(.wrongArguments, "\(name) takes 2 arguments, got \(arguments.count)", at: range, hint: usage)
            return (.constant(.bool(false)), .error)
        }
        guard case .string(let action) = arguments[0].kind else {
            report(.wrongArguments, "the first argument of \(name)() is an action id in quotes", at: arguments[0].range, hint: usage)
            return (.constant(.bool(false)), .error)
        }
        guard case .duration(let days) = arguments[1].kind, days > 0 else {
            report(.wrongArguments, "the last argument of \(name)() is a window such as 3d", at: arguments[1].range, hint: usage)
            return (.constant(.bool(false)), .error)
        }
        if let actionIDs, !actionIDs.contains(action) {
            report(.unknownAction, "unknown action '\(action)'", at: arguments[0].range,
                   hint: Suggestions.hint(for: action, in: actionIDs) ?? "add it to the action catalog")
        }
        return (.pastAction(event, action: action, window: days), .bool)
    }

    private mutating func history(_ function: HistoryFunction, _ arguments: [Expr], range: Range<Int>) -> (CheckedExpr.Kind, SteadyType) {
        let takesCondition = function == .count || function == .streak
        let usage = function == .streak ? "streak(stress >= 7)"
            : takesCondition ? "count(pain >= 7, 7d)" : "\(function.rawValue)(stress, 7d)"
        let expected = function == .streak ? 1 : 2
        guard arguments.count == expected else {
            report(.wrongArguments, "\(function.rawValue) takes \(expected) argument\(expected == 1 ? "" : "s"), got \(arguments.count)",
                   at: range, hint: "usage: \(usage)")
            return (.constant(.integer(0)), .error)
        }
        var window: Int?
        if expected == 2 {
            guard case .duration(let days) = arguments[1].kind, days > 0 else {
                report(.wrongArguments, "the last argument of \(function.rawValue) is a window such as 7d", at: arguments[1].range,
                       hint: "usage: \(usage)")
                return (.constant(.integer(0)), .error)
            }
            window = days
        }
        let operand = check(arguments[0])
        if let derived = Self.facts(in: operand).first(where: { schema.facts[$0]?.isDerived == true }) {
            report(.wrongArguments, "history functions read earlier check-ins' answers; '\(derived)' is derived by rules",
                   at: arguments[0].range, hint: "use the input facts it is derived from")
        }
        if takesCondition {
            _ = requireBool(operand, range: arguments[0].range)
        } else if !operand.type.isNumeric && operand.type != .error {
            report(.wrongArguments, "\(function.rawValue)() needs a number; found \(describe(operand))", at: arguments[0].range,
                   hint: "usage: \(usage)")
        }
        let type: SteadyType = switch function {
        case .count, .streak: .integer
        case .min, .max: operand.type == .integer ? .integer : .number
        case .avg, .trend: .number
        }
        return (.history(function, operand, window: window), type)
    }

    /// The single facts an expression reads.
    private static func facts(in expr: CheckedExpr) -> [String] {
        if case .fact(let name) = expr.kind { return [name] }
        return expr.children.flatMap(facts)
    }

    // MARK: Patterns

    private mutating func bind(_ pattern: Pattern, range: Range<Int>) -> (binding: Int, template: String, filter: CheckedExpr?)? {
        guard schema.templates[pattern.fact] != nil else {
            if schema.facts[pattern.fact] != nil || schema.records[pattern.fact] != nil {
                report(.invalidPattern, "'\(pattern.fact)' is a single fact; patterns range over multi-instance facts",
                       at: pattern.factRange, hint: "declare it with 'type: template', or test it directly")
            } else {
                report(.unknownName, "unknown multi-instance fact '\(pattern.fact)'", at: pattern.factRange,
                       hint: Suggestions.hint(for: pattern.fact, in: schema.templates.keys) ?? "declare it under 'facts:' with 'type: template'")
            }
            return nil
        }
        let name = pattern.binding ?? "_"
        if let bindingRange = pattern.bindingRange,
           bindings.contains(where: { $0.name == name }) || schema.facts[name] != nil || schema.templates[name] != nil
            || schema.records[name] != nil
        {
            report(.invalidPattern, "binding '\(name)' hides another name", at: bindingRange, hint: "choose another name")
            return nil
        }
        bindings.append(Binding(name: name, template: pattern.fact))
        let index = bindings.count - 1
        let filter = pattern.filter.map { requireBool(check($0), range: $0.range) }
        return (index, pattern.fact, filter)
    }

    // MARK: - Helpers

    private mutating func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    private func text(_ range: Range<Int>) -> String {
        let upper = min(range.upperBound, scalars.count)
        let lower = min(range.lowerBound, upper)
        return String(scalars: scalars[lower..<upper])
    }

    /// Reports a non-boolean condition; returns the expression unchanged.
    @discardableResult
    mutating func requireBool(_ expr: CheckedExpr, range: Range<Int>) -> CheckedExpr {
        if expr.type != .bool && expr.type != .error {
            report(.notBoolean, "a condition must be true or false, but '\(expr.text)' is \(article(expr.type)) \(expr.type)",
                   at: range, hint: expr.type.isNumeric ? "compare it, for example '\(expr.text) >= 7'" : nil)
        }
        return expr
    }

    /// Checks a string literal against the allowed values of an enum on the other side.
    private mutating func checkEnumLiteral(_ literal: CheckedExpr, against other: CheckedExpr, range: Range<Int>) {
        checkEnumLiteral(literal, against: other.type, name: other.text, range: range)
    }

    private mutating func checkEnumLiteral(_ literal: CheckedExpr, against type: SteadyType, name: String, range: Range<Int>) {
        guard case .constant(.string(let value)) = literal.kind, let values = type.enumValues,
              !values.contains(value) else { return }
        report(.unknownEnumValue, "'\(value)' is not a value of '\(name)'", at: range,
               hint: Suggestions.hint(for: value, in: values) ?? "allowed: \(values.joined(separator: ", "))")
    }

    private func describe(_ expr: CheckedExpr) -> String {
        "'\(expr.text)' (\(expr.type))"
    }

    private func article(_ type: SteadyType) -> String {
        switch type {
        case .integer, .enumeration, .instance: "an"
        default: "a"
        }
    }

    private func comparisonHint(_ l: CheckedExpr, _ r: CheckedExpr, ordered: Bool) -> String? {
        if case .constant(.string(let text)) = r.kind, l.type.isNumeric, Double(text) != nil {
            return "remove the quotes: \(text) is a number"
        }
        if ordered, l.type.enumValues != nil || r.type.enumValues != nil { return "enums compare only with == and !=" }
        return nil
    }

    private func fieldHint(template: String, base: String) -> String? {
        schema.templates[template]?.fields.first.map { "for example \(base).\($0.name)" }
    }
}
