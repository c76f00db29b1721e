/// Checks decoded files together: merges the fact schema, type-checks every expression,
/// resolves action ids against the catalog and rejects duplicates. Produces a rule set and a
/// catalog only when there is no error at all, so nothing is ever half-loaded.
struct RuleSetBuilder {
    var diagnostics: [Diagnostic] = []
    var schema = Schema()
    let limits: Limits
    /// How many cores check the rules of a large rule set.
    let jobs: Int

    init(limits: Limits, jobs: Int = 1) {
        self.limits = limits
        self.jobs = jobs
    }

    static func build(_ files: [FileSyntax], limits: Limits, jobs: Int = 1) -> (RuleSet?, ActionCatalog?, PlanPolicy?, [Diagnostic]) {
        var builder = RuleSetBuilder(limits: limits, jobs: jobs)
        let (ruleSet, catalog, diagnostics) = builder.build(files)
        // A policy given directly (a clinic's, next to its catalog layer) replaces one that only
        // came in through an import (the default's): policies layer like catalogs.
        let allPolicyFiles = files.filter { $0.policy != nil }, givenPolicyFiles = allPolicyFiles.filter { !$0.imported }
        let policyFiles = givenPolicyFiles.isEmpty ? allPolicyFiles : givenPolicyFiles
        let policies = policyFiles.compactMap(\.policy)
        var all = diagnostics
        if let ruleSet, let policy = policies.first, let fact = policy.budgetFact, let file = policyFiles.first {
            let declaration = ruleSet.schema.facts[fact]
            if declaration?.type != .integer || declaration?.isDerived == true {
                all.append(Diagnostic(.invalidValue, declaration == nil ? "budget_fact '\(fact)' is not a fact of rule set '\(ruleSet.name)'"
                                                                        : "budget_fact '\(fact)' must be an integer input fact (minutes)",
                                      at: file.nameSpan, hint: Suggestions.hint(for: fact, in: ruleSet.schema.facts.keys)))
            }
        }
        for file in policyFiles.dropFirst() {
            all.append(Diagnostic(.tooMany, "more than one plan policy is loaded", at: file.nameSpan,
                                  hint: "load one policy file (one given directly replaces one that an import brings in)"))
        }
        return (ruleSet, catalog, all.hasErrors ? nil : policies.first, all)
    }

    mutating func build(_ files: [FileSyntax]) -> (RuleSet?, ActionCatalog?, [Diagnostic]) {
        let catalogLayers = orderLayers(files.filter { $0.kind == .catalog }, what: "catalogs")
        let catalogFiles = catalogLayers.flatMap { $0 }
        let layers = orderLayers(files.filter { $0.kind == .rules })
        let ruleFiles = layers.flatMap { $0 }
        for layer in layers { checkHeaders(layer, what: "rule set") }
        for layer in catalogLayers { checkHeaders(layer, what: "catalog") }
        buildSchema(layers)
        buildParams(layers)
        let actions = catalogFiles.isEmpty ? nil
            : buildActions(composeActions(catalogLayers), files: catalogFiles, typeCheck: !ruleFiles.isEmpty)
        let composed = composeRules(layers)
        let rules = buildRules(composed.rules, actions: actions).sorted { $0.id < $1.id }
        guard !diagnostics.hasErrors else { return (nil, nil, diagnostics) }
        // Tests may name any rule a layer defines, also one a later layer disabled (it then
        // simply does not fire).
        checkTests(ruleFiles.flatMap(\.tests), rules: Set(ruleFiles.flatMap { $0.rules.map(\.id) }), actions: actions)
        guard !diagnostics.hasErrors else { return (nil, nil, diagnostics) }
        // The stratifier and the content hash are independent: for a large rule set, on two cores.
        let (schema, texts, jobs) = (schema, ruleFiles.map(\.file.text), stageJobs(rules.count, upTo: jobs))
        let ((strata, cycles), contentHash) = both(jobs: jobs) {
            Stratifier.stratify(rules, schema: schema, jobs: jobs)
        } and: {
            ContentHash.of(texts)
        }
        diagnostics += cycles
        guard cycles.isEmpty else { return (nil, nil, diagnostics) }
        let ruleSet = layers.last?.first.map {
            RuleSet(name: $0.name, version: $0.version, schema: schema, rules: rules, strata: strata,
                    files: ruleFiles.map(\.file.path), contentHash: contentHash, tests: ruleFiles.flatMap(\.tests),
                    disabled: composed.disabled)
        }
        let catalog = catalogLayers.last?.first.map {
            ActionCatalog(name: $0.name, version: $0.version, actions: (actions ?? [:]).values.sorted { $0.id < $1.id },
                          files: catalogFiles.map(\.file.path), contentHash: ContentHash.of(catalogFiles.map(\.file.text)))
        }
        return (ruleSet, catalog, diagnostics)
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, hint: String? = nil,
                         notes: [Diagnostic.Note] = [], severity: Severity = .error) {
        diagnostics.append(Diagnostic(code, message, at: span, severity: severity, hint: hint, notes: notes))
    }

    /// All files of one kind must name the same rule set (or catalog) and version.
    mutating func checkHeaders(_ files: [FileSyntax], what: String) {
        guard let first = files.first else { return }
        for file in files.dropFirst() where file.name != first.name || file.version != first.version {
            report(.rulesetMismatch, "\(file.file.path) belongs to \(what) '\(file.name)' \(file.version), not '\(first.name)' \(first.version)",
                   at: file.nameSpan, hint: "check one \(what) at a time, or give every file the same name and version",
                   notes: [.init("'\(first.name)' \(first.version) is declared here", at: first.nameSpan)])
        }
    }
}
