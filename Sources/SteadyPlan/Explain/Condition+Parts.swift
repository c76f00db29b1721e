import SteadyRules

extension Condition {
    /// The top-level expressions of the condition: its tests and its patterns' filters.
    var roots: [CheckedExpr] {
        elements.compactMap { element in
            switch element {
            case .test(let expr): expr
            case .pattern(_, _, _, let filter): filter
            }
        }
    }
}

extension CheckedExpr {
    /// The facts, fields and parameters this expression reads, each once, in reading order.
    var operands: [CheckedExpr] {
        var seen: Set<String> = []
        var result: [CheckedExpr] = []
        func walk(_ expr: CheckedExpr) {
            switch expr.kind {
            case .fact, .field:
                if seen.insert(expr.text).inserted { result.append(expr) }
            case .constant where expr.text.hasPrefix("params."):
                if seen.insert(expr.text).inserted { result.append(expr) }
            default:
                expr.forEachChild(walk)
            }
        }
        walk(self)
        return result
    }
}
