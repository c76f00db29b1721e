// Stage 3: parameters, layer by layer (a later layer may change a value, keeping its type).
extension RuleSetBuilder {
    /// Parameters in layer order: a later layer may change a value, keeping its type.
    mutating func buildParams(_ layers: [[FileSyntax]]) {
        var declared: [String: (value: Value, span: SourceSpan, layer: String)] = [:]
        for layer in layers {
            var inLayer: [String: SourceSpan] = [:]
            for file in layer {
                for (name, value, span) in file.params {
                    if let first = inLayer[name] {
                        report(.duplicateFact, "parameter '\(name)' is declared twice", at: span, notes: [.init("first declared here", at: first)])
                        continue
                    }
                    inLayer[name] = span
                    if let earlier = declared[name], !Self.sameKind(earlier.value, value) {
                        report(.typeMismatch, "parameter '\(name)' was \(earlier.value) in '\(earlier.layer)'; \(value) has another type",
                               at: span, notes: [.init("declared here", at: earlier.span)])
                        continue
                    }
                    declared[name] = (value, span, file.name)
                    schema.setParam(name, value, span: span)
                }
            }
        }
    }

    static func sameKind(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.integer, .integer), (.number, .number), (.integer, .number), (.number, .integer), (.bool, .bool), (.string, .string): true
        default: false
        }
    }
}
