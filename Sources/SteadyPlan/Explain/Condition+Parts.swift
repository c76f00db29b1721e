import SteadyRules

extension CheckedExpr {
    /// The facts, fields, parameters and history functions this expression reads, each once, in
    /// reading order (a history function as a whole: its argument is read on many days).
    var operands: [CheckedExpr] {
        var seen: Set<String> = []
        var result: [CheckedExpr] = []
        func walk(_ expr: CheckedExpr, inHistory: Bool) {
            switch expr.kind {
            case .fact, .field:
                // Inside a history function a fact's value is only the last day's it evaluated.
                if !inHistory, seen.insert(expr.text).inserted { result.append(expr) }
            case .history:
                // Read as a whole (its value is explained), with the parameters it uses.
                if !inHistory, seen.insert(expr.text).inserted { result.append(expr) }
                expr.forEachChild { walk($0, inHistory: true) }
            case .constant where expr.text.hasPrefix("params."):
                if seen.insert(expr.text).inserted { result.append(expr) }
            default:
                expr.forEachChild { walk($0, inHistory: inHistory) }
            }
        }
        walk(self, inHistory: false)
        return result
    }
}
