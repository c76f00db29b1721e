extension CheckedExpr {
    /// A structural key: equal for expressions that compute the same thing, whatever their ids
    /// and spelling; `binding` names pattern variables (so filters can be compared across rules).
    public func structuralKey(binding: (Int) -> String = { "#\($0)" }) -> String {
        var key = ""
        appendKey(to: &key, binding: binding)
        return key
    }

    /// Writes the key into one string as it walks the tree (no string per sub-expression).
    private func appendKey(to key: inout String, binding: (Int) -> String) {
        func call(_ name: String, leading: String = "") {
            key += name
            key += "("
            key += leading
            var first = true
            forEachChild { child in
                if !first { key += "," }
                first = false
                child.appendKey(to: &key, binding: binding)
            }
            key += ")"
        }
        switch kind {
        case .constant(let value): key += "c(\(value))"
        case .fact(let name): key += "f(\(name))"
        case .field(let b, let name): key += "\(binding(b)).\(name)"
        case .arithmetic(let op, _, _), .compare(let op, _, _): call(op.rawValue)
        case .negate: call("neg")
        case .and: call("and")
        case .or: call("or")
        case .not: call("not")
        case .contains(_, _, let negated): call("in\(negated)")
        case .between(_, _, _, let negated): call("between\(negated)")
        case .list: call("list")
        case .known: call("known")
        case .history(let function, _, let window): call("\(function.rawValue)\(window ?? 0)")
        case .daysSince: call("days")
        case .conditional: call("if")
        case .size: call("size")
        case .text(let function, _, _): call(function.rawValue)
        case .pastAction(let event, let action, let window): key += "\(event.rawValue)(\(action),\(window))"
        case .exists(let template, let b, _): call("exists", leading: "\(template),\(binding(b)),")
        }
    }
}
