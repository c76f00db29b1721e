// Stage 1: order the rule files into layers (imports first) and compose their rules (disable, override).
extension RuleSetBuilder {
    /// Rule files (or catalog files) grouped into layers by name, imported layers first,
    /// otherwise in the order the paths were given. A cycle of imports is an error; `what`
    /// names the layers in it ("rule sets", "catalogs").
    mutating func orderLayers(_ files: [FileSyntax], what: String = "rule sets") -> [[FileSyntax]] {
        var groups: [String: [FileSyntax]] = [:]
        for file in files { groups[file.name, default: []].append(file) }
        let names = groups.keys.sorted { (groups[$0]!.map(\.rank).min()!, $0) < (groups[$1]!.map(\.rank).min()!, $1) }
        let layerOfPath = Dictionary(files.map { ($0.file.path, $0.name) }, uniquingKeysWith: { first, _ in first })
        var imports: [String: [(String, SourceSpan)]] = [:]
        for file in files {
            for (index, paths) in file.importedFiles.enumerated() {
                for name in Set(paths.compactMap { layerOfPath[$0] }) where name != file.name {
                    imports[file.name, default: []].append((name, file.imports[index].span))
                }
            }
        }
        var ordered: [String] = [], visiting: [String] = []
        func visit(_ name: String, _ builder: inout RuleSetBuilder) {
            if ordered.contains(name) { return }
            if let start = visiting.firstIndex(of: name) {
                let cycle = visiting[start...] + [name]
                let span = imports[visiting.last!]?.first { $0.0 == name }?.1 ?? groups[name]![0].nameSpan
                builder.report(.importCycle, "\(what) import each other: \(cycle.map { "'\($0)'" }.joined(separator: " → "))", at: span,
                               hint: "a layer may build on another, but not in a circle")
                return
            }
            visiting.append(name)
            for (imported, _) in imports[name] ?? [] { visit(imported, &builder) }
            visiting.removeLast()
            ordered.append(name)
        }
        for name in names { visit(name, &self) }
        return ordered.map { name in groups[name]!.sorted { $0.file.path < $1.file.path } }
    }

    /// Rules of all layers, in order: each layer first applies its `disable` and `override` to
    /// the rules of the layers before it, then adds its own. Defining a rule an earlier layer
    /// already has is a conflict unless this layer disables that rule. Also the rules disabled
    /// on the way, with what they would have done.
    mutating func composeRules(_ layers: [[FileSyntax]]) -> (rules: [(FileSyntax, RuleSyntax)], disabled: [DisabledRule]) {
        var active: [(file: FileSyntax, rule: RuleSyntax)] = []
        var switchedOff: [DisabledRule] = []
        for layer in layers {
            let name = layer[0].name
            var disabled: Set<String> = []
            for file in layer {
                for (id, span) in file.disable {
                    guard active.contains(where: { $0.rule.id == id }) else {
                        report(.unknownOverrideTarget, "'\(name)' disables rule '\(id)', which no earlier layer defines", at: span,
                               hint: Suggestions.hint(for: id, in: active.map(\.rule.id)) ?? "disable only rules of imported rule sets")
                        continue
                    }
                    disabled.insert(id)
                }
                for change in file.overrides {
                    guard let index = active.firstIndex(where: { $0.rule.id == change.rule }) else {
                        report(.unknownOverrideTarget, "'\(name)' overrides rule '\(change.rule)', which no earlier layer defines",
                               at: change.span, hint: Suggestions.hint(for: change.rule, in: active.map(\.rule.id)))
                        continue
                    }
                    active[index].rule = active[index].rule.overridden(salience: change.salience, priority: change.priority)
                }
            }
            for (_, rule) in active where disabled.contains(rule.id) { switchedOff.append(rule.disabled(by: name)) }
            active.removeAll { disabled.contains($0.rule.id) }
            let earlier = Dictionary(active.map { ($0.rule.id, $0) }, uniquingKeysWith: { first, _ in first })
            for file in layer {
                for rule in file.rules {
                    if let existing = earlier[rule.id] {
                        report(.ruleConflict, "rule '\(rule.id)' is already defined by rule set '\(existing.file.name)'", at: rule.idSpan,
                               hint: "add it to 'disable:' to replace it, use 'override:' to change it, or rename it",
                               notes: [.init("defined here", at: existing.rule.idSpan)])
                        continue
                    }
                    active.append((file, rule))
                }
            }
        }
        return (active.map { ($0.file, $0.rule) }, switchedOff.sorted { $0.id < $1.id })
    }
}

extension RuleSyntax {
    /// This rule as disabled by `layer`, with the actions, alerts and facts it names.
    func disabled(by layer: String) -> DisabledRule {
        var recommends: [String] = [], alerts: [Alert.Level] = [], derives: [String] = []
        for effect in then {
            switch effect {
            case .recommend(.id(let action), _, _, _): recommends.append(action)
            case .alert(let level, _, _, _): alerts.append(level)
            case .derive(let fact, _, _, _): derives.append(fact)
            case .recommend(.expression, _, _, _), .suppress: break
            }
        }
        return DisabledRule(id: id, disabledBy: layer, recommends: recommends, alerts: alerts, derives: derives)
    }
}
