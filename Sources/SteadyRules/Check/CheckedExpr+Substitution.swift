extension CheckedExpr {
    /// This expression with each field of `binding` that `value` gives a value for replaced by
    /// that constant (the field's type, text and id kept): what the expression is for one known
    /// instance. Evaluated with the binding bound to an instance with those values, the two give
    /// the same value, since a field reads nothing but the instance.
    ///
    /// The flat run uses it on a pattern over a table of constant instances, to decide each
    /// instance's filter as a test on the state alone (docs/engine.md, "The flat run").
    public func substituting(binding: Int, _ value: (String) -> Value?) -> CheckedExpr {
        func substituted(_ expr: CheckedExpr) -> CheckedExpr { expr.substituting(binding: binding, value) }
        let kind: Kind
        switch self.kind {
        case .constant, .fact, .pastAction:
            return self
        case .field(let bound, let name):
            guard bound == binding, let constant = value(name) else { return self }
            kind = .constant(constant)
        case .arithmetic(let op, let left, let right): kind = .arithmetic(op, substituted(left), substituted(right))
        case .compare(let op, let left, let right): kind = .compare(op, substituted(left), substituted(right))
        case .negate(let operand): kind = .negate(substituted(operand))
        case .not(let operand): kind = .not(substituted(operand))
        case .known(let operand): kind = .known(substituted(operand))
        case .daysSince(let operand): kind = .daysSince(substituted(operand))
        case .size(let operand): kind = .size(substituted(operand))
        case .history(let function, let argument, let window): kind = .history(function, substituted(argument), window: window)
        case .text(let function, let left, let right): kind = .text(function, substituted(left), substituted(right))
        case .conditional(let condition, let then, let otherwise):
            kind = .conditional(substituted(condition), then: substituted(then), else: substituted(otherwise))
        case .and(let terms): kind = .and(terms.map(substituted))
        case .or(let terms): kind = .or(terms.map(substituted))
        case .list(let terms): kind = .list(terms.map(substituted))
        case .contains(let element, let collection, let negated):
            kind = .contains(element: substituted(element), collection: substituted(collection), negated: negated)
        case .between(let operand, let low, let high, let negated):
            kind = .between(substituted(operand), low: substituted(low), high: substituted(high), negated: negated)
        case .exists(let template, let inner, let filter):
            // The inner binding is another number: only the outer one's fields are replaced.
            kind = .exists(template: template, binding: inner, filter: filter.map(substituted))
        }
        return CheckedExpr(id: id, kind: kind, type: type, text: text)
    }
}
