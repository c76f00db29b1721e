/// Warnings about rule sets that load but are probably wrong: rules that can never fire, rules
/// that add nothing, facts nothing uses, actions nothing recommends, recommendations a
/// suppression silently overrides, undocumented rules, sources a reviewer cannot follow,
/// reviews more than two years old, enum values a patient would read without a label. Range and contradiction analysis works
/// on the typed conditions (`Constraints`), not on their text. Errors stay errors; these never
/// stop a load.
struct Linter {
    let ruleSet: RuleSet
    let catalog: ActionCatalog?
    let policy: PlanPolicy?
    let reviewDay: Day?
    private(set) var diagnostics: [Diagnostic] = []

    /// How old a clinical review may be before `steady check` asks for a new one.
    static let reviewMaxAgeDays = 730

    static func lint(_ ruleSet: RuleSet, catalog: ActionCatalog?, policy: PlanPolicy?, reviewDay: Day? = nil) -> [Diagnostic] {
        var linter = Linter(ruleSet: ruleSet, catalog: catalog, policy: policy, reviewDay: reviewDay)
        linter.run()
        return linter.diagnostics
    }

    private mutating func warn(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, hint: String? = nil,
                               notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(code, message, at: span, severity: .warning, hint: hint, notes: notes))
    }

    private mutating func run() {
        let rules = ruleSet.rules.filter(\.enabled)
        neverFiring(rules)
        redundancy(rules)
        unusedFacts()
        if let catalog { unrecommendedActions(catalog, rules: rules) }
        suppressionOverlaps(rules)
        unrelatedPatterns(rules)
        for rule in ruleSet.rules where rule.rationale == nil || rule.evidence.isEmpty {
            let missing = [rule.rationale == nil ? "rationale" : nil, rule.evidence.isEmpty ? "evidence" : nil].compactMap { $0 }
            warn(.undocumentedRule, "rule '\(rule.id)' has no \(missing.joined(separator: " and no "))", at: rule.span,
                 hint: "say why the rule exists in words a patient can read, and cite where it comes from")
        }
        sources()
        unlabelledValues()
    }

    // MARK: - Sources and reviews

    /// Rules and actions a reviewer cannot check (no citation with a URL), and reviews older
    /// than ``reviewMaxAgeDays``.
    private mutating func sources() {
        var cited: [(what: String, evidence: [Citation], reviewed: Day?, span: SourceSpan)] =
            ruleSet.rules.filter { !$0.evidence.isEmpty }.map { ("rule '\($0.id)'", $0.evidence, $0.reviewed, $0.span) }
        cited += (catalog?.actions ?? []).map { ("action '\($0.id)'", $0.evidence, $0.reviewed, $0.span) }
        for entry in cited {
            if !entry.evidence.contains(where: \.isCheckable) {
                warn(.uncheckableSource, "\(entry.what) cites no source a reviewer can follow", at: entry.span,
                     hint: "cite it as {org: ..., title: ..., year: ..., url: https://...}")
            }
            if let reviewDay, let reviewed = entry.reviewed, reviewDay.daysSinceEpoch - reviewed.daysSinceEpoch > Self.reviewMaxAgeDays {
                warn(.reviewOutdated, "\(entry.what) was last reviewed on \(reviewed), more than two years ago", at: entry.span,
                     hint: "have a clinician review it against its sources and update 'reviewed:'")
            }
        }
    }

    /// Enum and set facts that label some of their values but not all: a patient would read the
    /// others as raw ids.
    private mutating func unlabelledValues() {
        let declarations = ruleSet.schema.facts.values.sorted { $0.name < $1.name }
            + ruleSet.schema.templates.keys.sorted().flatMap { name in
                ruleSet.schema.templates[name]!.fields.map { $0.renamed("\(name).\($0.name)") }
            }
        for fact in declarations where !fact.labels.isEmpty {
            let missing = (fact.type.enumValues ?? []).filter { fact.labels[$0] == nil }
            guard !missing.isEmpty else { continue }
            warn(.unlabelledValue, "fact '\(fact.name)' has no label for \(missing.map { "'\($0)'" }.joined(separator: ", "))",
                 at: fact.span, hint: "add each to its 'labels:' in the words a patient would use")
        }
    }

    // MARK: - Patterns that multiply

    /// A pattern that no condition relates to an earlier one: every combination of their
    /// instances is a match, which multiplies (three such patterns over 100 instances are a
    /// million matches, and the run stops at its work limit).
    private mutating func unrelatedPatterns(_ rules: [Rule]) {
        for rule in rules {
            var earlier: [(binding: Int, name: String)] = []
            let tests = rule.condition.elements.compactMap { element -> CheckedExpr? in
                if case .test(let expr) = element { expr } else { nil }
            }
            for case .pattern(let binding, let name, _, let filter) in rule.condition.elements {
                defer { earlier.append((binding, name)) }
                guard !earlier.isEmpty else { continue }
                let relating = ([filter].compactMap { $0 } + tests).map(Self.bindings).filter { $0.contains(binding) }
                guard !relating.contains(where: { !$0.isDisjoint(with: earlier.map(\.binding)) }) else { continue }
                warn(.unrelatedPatterns, "in rule '\(rule.id)', pattern '\(name)' is not related to \(earlier.map { "'\($0.name)'" }.joined(separator: ", ")) "
                     + "by any condition: every combination of their instances is a match", at: rule.span,
                     hint: "join them (for example \(name).trigger == \(earlier[0].name).name), or use exists")
            }
        }
    }

    /// The pattern bindings an expression reads.
    private static func bindings(_ expr: CheckedExpr) -> Set<Int> {
        var found: Set<Int> = []
        func walk(_ expr: CheckedExpr) {
            if case .field(let binding, _) = expr.kind { found.insert(binding) }
            expr.forEachChild(walk)
        }
        walk(expr)
        return found
    }

    // MARK: - Rules that can never fire

    private mutating func neverFiring(_ rules: [Rule]) {
        let derivers = derivingRules()
        for rule in rules {
            var constraints = Constraints(rule.condition.tests)
            if let contradiction = constraints.contradiction {
                warn(.neverFires, "rule '\(rule.id)' can never fire: \(contradiction)", at: rule.span,
                     hint: "check the thresholds and the direction of each comparison")
            } else if let (fact, range) = constraints.outOfRange(ruleSet.schema).first {
                let conditions = constraints.sources[fact]!.joined(separator: " and ")
                warn(.neverFires, "rule '\(rule.id)' can never fire: \(conditions) is outside the range of '\(fact)' (\(range))",
                     at: rule.span, hint: "check the threshold against the fact's declared min and max")
            } else if let (fact, reason) = contradictionThroughDerivedFact(rule, derivers: derivers) {
                warn(.neverFires, "rule '\(rule.id)' can never fire: it needs '\(fact)', \(reason)", at: rule.span,
                     hint: "check its conditions against those of the rules that derive '\(fact)'")
            }
        }
    }

    /// The rules that set each derived bool true (`derive: fact`, or with the value `true`).
    private func derivingRules() -> [String: [Rule]] {
        var result: [String: [Rule]] = [:]
        for rule in ruleSet.rules {
            for case .derive(let derivation) in rule.effects
            where derivation.value == nil || derivation.value?.kind == .constant(.bool(true)) {
                result[derivation.fact, default: []].append(rule)
            }
        }
        return result
    }

    /// One level up: a derived bool the rule requires is true only when one of the rules that
    /// derive it fires; when each of those rules' conditions contradicts the rule's own, the
    /// rule can never fire. The derived fact, and why, in words.
    private func contradictionThroughDerivedFact(_ rule: Rule, derivers: [String: [Rule]]) -> (String, String)? {
        for case .fact(let fact) in rule.condition.tests.map(\.kind) {
            guard let declaration = ruleSet.schema.facts[fact], declaration.isDerived, declaration.type == .bool,
                  let sources = derivers[fact], !sources.isEmpty, !sources.contains(where: { $0.id == rule.id }) else { continue }
            var reasons: [String] = []
            for source in sources {
                var both = Constraints(rule.condition.tests + source.condition.tests)
                if let contradiction = both.contradiction {
                    reasons.append("with the conditions of '\(source.id)', \(contradiction)")
                } else if let (name, range) = both.outOfRange(ruleSet.schema).first {
                    reasons.append("with the conditions of '\(source.id)', \(both.sources[name]!.joined(separator: " and ")) "
                                   + "is outside the range of '\(name)' (\(range))")
                } else {
                    break
                }
            }
            guard reasons.count == sources.count else { continue }
            let names = sources.map { "'\($0.id)'" }.joined(separator: " and ")
            return (fact, "which only rule\(sources.count == 1 ? "" : "s") \(names) derive\(sources.count == 1 ? "s" : ""); " + reasons.joined(separator: "; "))
        }
        return nil
    }

    // MARK: - Duplicates and shadowing

    private mutating func redundancy(_ rules: [Rule]) {
        struct Shape {
            let rule: Rule
            let conditions: Set<String>
            let effects: [String]
        }
        let shapes = rules.map { rule in
            Shape(rule: rule, conditions: Set(rule.condition.elements.flatMap(Self.conjunctKeys)),
                  effects: rule.effects.map(Self.effectKey).sorted())
        }
        // Same conditions, compared within groups of equal condition sets. Unconditional rules
        // (facts the rule set states) are only compared for exact duplicates.
        for group in Dictionary(grouping: shapes, by: \.conditions).values where group.count > 1 {
            let sorted = group.sorted { $0.rule.id < $1.rule.id }
            for shape in sorted.dropFirst() {
                let first = sorted[0]
                if shape.effects == first.effects {
                    warn(.duplicateRule, "rule '\(shape.rule.id)' duplicates rule '\(first.rule.id)'", at: shape.rule.span,
                         hint: "remove one of them", notes: [.init("'\(first.rule.id)' is here", at: first.rule.span)])
                } else if !shape.conditions.isEmpty {
                    warn(.nearDuplicateRule, "rule '\(shape.rule.id)' has the same condition as rule '\(first.rule.id)'",
                         at: shape.rule.span, hint: "merge their effects into one rule",
                         notes: [.init("'\(first.rule.id)' is here", at: first.rule.span)])
                }
            }
        }
        // A rule is shadowed when another with the same effects needs strictly less to fire.
        // Conditions become sorted numbers here, so the many subset tests are cheap merges.
        var numbers: [String: Int] = [:]
        for key in shapes.flatMap(\.conditions) where numbers[key] == nil { numbers[key] = numbers.count }
        for group in Dictionary(grouping: shapes, by: \.effects).values where group.count > 1 {
            let sets = group.map { $0.conditions.map { numbers[$0]! }.sorted() }
            for (index, shape) in group.enumerated() {
                guard let general = group.indices.filter({ sets[$0].count < sets[index].count && Self.isSubset(sets[$0], of: sets[index]) })
                    .map({ group[$0] }).min(by: { $0.rule.id < $1.rule.id }) else { continue }
                warn(.shadowedRule, "rule '\(shape.rule.id)' is shadowed by rule '\(general.rule.id)', which has the same effects and fires whenever it does",
                     at: shape.rule.span, hint: "remove it, or give it a different effect or priority",
                     notes: [.init("'\(general.rule.id)' is here", at: general.rule.span)])
            }
        }
    }

    /// Whether every number of sorted `small` is in sorted `large`.
    private static func isSubset(_ small: [Int], of large: [Int]) -> Bool {
        var position = 0
        for number in small {
            while position < large.count, large[position] < number { position += 1 }
            guard position < large.count, large[position] == number else { return false }
            position += 1
        }
        return true
    }

    /// The structural keys of a condition element's conjuncts.
    private static func conjunctKeys(_ element: Condition.Element) -> [String] {
        switch element {
        case .test(let expr):
            if case .and(let terms) = expr.kind { return terms.flatMap { conjunctKeys(.test($0)) } }
            return [expr.structuralKey()]
        case .pattern(let binding, _, let template, let filter):
            return ["pattern(\(binding),\(template),\(filter?.structuralKey() ?? ""))"]
        }
    }

    private static func effectKey(_ action: RuleEffect) -> String {
        func text(_ template: ReasonTemplate?) -> String {
            template?.parts.map { part in
                switch part {
                case .text(let text): text
                case .value(let expr): "{\(expr.structuralKey())}"
                }
            }.joined() ?? ""
        }
        switch action {
        case .derive(let derivation):
            return "derive \(derivation.fact) \(derivation.value?.structuralKey() ?? "")"
                + derivation.fields.keys.sorted().map { "\($0)=\(derivation.fields[$0]!.structuralKey())" }.joined(separator: ",")
        case .recommend(let recommendation):
            return "recommend \(recommendation.action.possibleIDs.joined(separator: "|")) \(recommendation.priority) \(text(recommendation.reason))"
        case .suppress(let suppression):
            return "suppress \(suppression.action.possibleIDs.joined(separator: "|")) \(text(suppression.reason))"
        case .alert(let alert):
            return "alert \(alert.level.rawValue) \(text(alert.message)) \(alert.action ?? "")"
        }
    }

    // MARK: - Unused facts

    private mutating func unusedFacts() {
        var read: Set<String> = []
        for rule in ruleSet.rules {
            for entry in Stratifier.reads(of: rule) { read.insert(entry.fact) }
            for element in rule.condition.elements {
                if case .pattern(_, _, let template, _) = element { read.insert(template) }
            }
        }
        for action in catalog?.actions ?? [] {
            for contraindication in action.contraindications { read.formUnion(Self.facts(in: contraindication.condition)) }
        }
        if let fact = policy?.budgetFact { read.insert(fact) }
        let schema = ruleSet.schema
        for fact in schema.facts.values.sorted(by: { $0.name < $1.name }) where !read.contains(fact.name) {
            // `date` sets the day the state describes (for days_since), so it is always used.
            if fact.name == Schema.dateFact && fact.type == .date { continue }
            if fact.isDerived {
                warn(.unreadDerivedFact, "derived fact '\(fact.name)' is never read", at: fact.span,
                     hint: "use it in a condition, or remove the rules that derive it")
            } else {
                warn(.unusedFact, "fact '\(fact.name)' is declared but nothing uses it", at: fact.span,
                     hint: "use it in a rule or a contraindication, or remove it")
            }
        }
        for template in schema.templates.values.sorted(by: { $0.name < $1.name }) where !read.contains(template.name) {
            warn(template.isDerived ? .unreadDerivedFact : .unusedFact,
                 "\(template.isDerived ? "derived fact" : "fact") '\(template.name)' is never read", at: template.span,
                 hint: "match it with a pattern, or remove it")
        }
    }

    /// Every fact (including record fields by full name) an expression reads.
    private static func facts(in expr: CheckedExpr) -> Set<String> {
        var result: Set<String> = []
        func walk(_ expr: CheckedExpr) {
            switch expr.kind {
            case .fact(let name): result.insert(name)
            case .exists(let template, _, _): result.insert(template)
            default: break
            }
            expr.forEachChild(walk)
        }
        walk(expr)
        return result
    }

    // MARK: - Actions

    private mutating func unrecommendedActions(_ catalog: ActionCatalog, rules: [Rule]) {
        var used: Set<String> = []
        for rule in rules {
            for action in rule.effects {
                switch action {
                case .recommend(let recommendation): used.formUnion(recommendation.action.possibleIDs)
                case .alert(let alert): if let id = alert.action { used.insert(id) }
                default: break
                }
            }
        }
        for action in catalog.actions where !used.contains(action.id) {
            warn(.unrecommendedAction, "no rule recommends action '\(action.id)'", at: action.span,
                 hint: "recommend it from a rule, or remove it from the catalog")
        }
    }

    private mutating func suppressionOverlaps(_ rules: [Rule]) {
        var recommenders: [String: [Rule]] = [:]
        for rule in rules {
            for case .recommend(let recommendation) in rule.effects {
                for id in recommendation.action.possibleIDs { recommenders[id, default: []].append(rule) }
            }
        }
        for suppressor in rules {
            for case .suppress(let suppression) in suppressor.effects {
                let overlapping = suppression.action.possibleIDs.flatMap { id in (recommenders[id] ?? []).map { (id, $0) } }
                for (action, recommender) in overlapping where recommender.id != suppressor.id {
                    var both = Constraints(recommender.condition.tests + suppressor.condition.tests)
                    guard both.contradiction == nil, both.outOfRange(ruleSet.schema).isEmpty else { continue }
                    warn(.recommendAndSuppress,
                         "rule '\(suppressor.id)' suppresses '\(action)', which rule '\(recommender.id)' recommends, and both can hold at once",
                         at: suppression.span,
                         hint: "if the suppression should win, exclude its case in '\(recommender.id)' so the rules read as they behave",
                         notes: [.init("'\(recommender.id)' is here", at: recommender.span)])
                }
            }
        }
    }
}
