extension CheckedExpr {
    /// A structural key: equal for expressions that compute the same thing, whatever their ids
    /// and spelling; `binding` names pattern variables (so filters can be compared across rules).
    public func structuralKey(binding: (Int) -> String = { "#\($0)" }) -> String {
        let expr = self
        let children = expr.children.map { $0.structuralKey(binding: binding) }.joined(separator: ",")
        switch expr.kind {
        case .constant(let value): return "c(\(value))"
        case .fact(let name): return "f(\(name))"
        case .field(let b, let name): return "\(binding(b)).\(name)"
        case .arithmetic(let op, _, _), .compare(let op, _, _): return "\(op.rawValue)(\(children))"
        case .negate: return "neg(\(children))"
        case .and: return "and(\(children))"
        case .or: return "or(\(children))"
        case .not: return "not(\(children))"
        case .contains(_, _, let negated): return "in\(negated)(\(children))"
        case .between(_, _, _, let negated): return "between\(negated)(\(children))"
        case .list: return "list(\(children))"
        case .known: return "known(\(children))"
        case .history(let function, _, let window): return "\(function.rawValue)\(window ?? 0)(\(children))"
        case .daysSince: return "days(\(children))"
        case .suggested(let action, let window): return "suggested(\(action),\(window))"
        case .exists(let template, let b, _): return "exists(\(template),\(binding(b)),\(children))"
        }
    }
}
