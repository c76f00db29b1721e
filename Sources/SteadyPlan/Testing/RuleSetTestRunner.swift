import SteadyEngine
import SteadyRules

/// Runs the tests written in rule files (`tests:`) through the whole pipeline — state, rules,
/// plan — and says exactly what differs from each expectation, with the explanation of what
/// actually happened.
///
/// ```swift
/// let outcomes = RuleSetTestRunner(planner: Planner(ruleSet: rules, catalog: catalog, policy: policy)).run()
/// print(outcomes.filter(\.passed).count, "passed")
/// ```
public struct RuleSetTestRunner: Sendable {
    public let planner: Planner
    public var ruleSet: RuleSet { planner.ruleSet }
    var catalog: ActionCatalog { planner.catalog }
    /// What the rule set's enabled rules can do, for telling which tests only a disabled rule
    /// could pass (empty when no rule is disabled).
    private let enabled: (recommended: Set<String>, alerts: Set<Alert.Level>, derived: Set<String>)

    public init(planner: Planner) {
        self.planner = planner
        var recommended: Set<String> = [], alerts: Set<Alert.Level> = [], derived: Set<String> = []
        for rule in planner.ruleSet.disabled.isEmpty ? [] : planner.ruleSet.rules {
            for effect in rule.effects {
                switch effect {
                case .recommend(let recommendation): recommended.formUnion(recommendation.action.possibleIDs)
                case .alert(let alert): alerts.insert(alert.level)
                case .derive(let derivation): derived.insert(derivation.fact)
                case .suppress: break
                }
            }
        }
        enabled = (recommended, alerts, derived)
    }

    /// The result of one test.
    public struct Outcome: Sendable {
        public enum Status: String, Sendable {
            case passed, failed, skipped
        }

        public let test: RuleTest
        /// One line per unmet expectation (or state problem); empty when the test passed.
        public let failures: [String]
        /// The run, when the state could be read.
        public let run: Run?
        /// Why the test was not run: it expects what only a disabled rule does.
        public var skipped: String? = nil
        /// How long reading the state, planning and checking took.
        public var seconds: Double = 0

        /// True when the test ran and met every expectation.
        public var passed: Bool { skipped == nil && failures.isEmpty }
        public var status: Status { skipped != nil ? .skipped : failures.isEmpty ? .passed : .failed }
    }

    /// Runs every test (or those `include` selects), in file order.
    public func run(where include: (RuleTest) -> Bool = { _ in true }) -> [Outcome] {
        ruleSet.tests.filter(include).map(run)
    }

    public func run(_ test: RuleTest) -> Outcome {
        if let reason = skipReason(test) { return Outcome(test: test, failures: [], run: nil, skipped: reason) }
        let start = ContinuousClock.now
        var outcome = runChecks(test)
        outcome.seconds = start.duration(to: .now).seconds
        return outcome
    }

    private func runChecks(_ test: RuleTest) -> Outcome {
        let reader = StateReader(schema: ruleSet.schema)
        let read = reader.read(test.state, path: test.span.file)
        let history = test.history.map { reader.readHistory($0, path: test.span.file) }
        guard var facts = read.facts, history?.history != nil || history == nil else {
            let problems = read.diagnostics.map { ("state", $0) } + (history?.diagnostics ?? []).map { ("history", $0) }
            return Outcome(test: test, failures: problems.map { "\($0.0): \($0.1.span.map { "\($0.start): " } ?? "")\($0.1.message)" },
                           run: nil)
        }
        facts.history = history?.history ?? [:]
        (facts.suggested, facts.done) = (history?.suggested ?? [:], history?.done ?? [:])
        do {
            let planned = try planner.plan(facts)
            return Outcome(test: test, failures: check(test, planned, reader: reader), run: planned.run)
        } catch {
            return Outcome(test: test, failures: ["the run stopped: \(error)"], run: nil)
        }
    }

    private func check(_ test: RuleTest, _ planned: Planned, reader: StateReader) -> [String] {
        let expect = test.expect
        let (run, plan, explainer) = (planned.run, planned.plan, planned.explainer)
        let inPlan = plan.items.map(\.action.id)
        var failures: [String] = []
        for id in expect.actions where !inPlan.contains(id) {
            failures.append("expected '\(id)' in the plan, but \(absence(id, explainer: explainer))")
        }
        for id in expect.absent {
            if let item = plan.items.first(where: { $0.action.id == id }) {
                failures.append("expected '\(id)' not in the plan, but it is: because \(item.reasons.map(\.text).joined(separator: "; ")) "
                                + "(rules \(item.rules.joined(separator: ", ")))")
            }
        }
        let recommended = Set(run.recommendedActions)
        for id in expect.recommended where !recommended.contains(id) {
            failures.append("expected a rule to recommend '\(id)', but \(absence(id, explainer: explainer))")
        }
        if let alerts = expect.alerts, alerts != plan.alerts.map(\.level) {
            failures.append("expected alerts [\(alerts.map(\.rawValue).joined(separator: ", "))], "
                            + "got [\(plan.alerts.map(\.level.rawValue).joined(separator: ", "))]")
        }
        for derived in expect.derived {
            guard let fact = ruleSet.schema.facts[derived.fact] else { continue }
            let (expected, problems) = reader.value(derived.value, as: fact, path: derived.span.file)
            guard let expected else {
                failures += problems.map { "derived '\(derived.fact)': \($0.message)" }
                continue
            }
            let actual = run.derived[derived.fact] ?? .unknown(reason: derived.fact)
            if actual != expected {
                failures.append("expected derived '\(derived.fact)' = \(expected), but it is \(actual)")
            }
        }
        let fired = Set(run.firedRules)
        for id in expect.fired where !fired.contains(id) {
            let miss = run.misses[id].map { ": \($0.condition) is \($0.value)" } ?? ""
            failures.append("expected rule '\(id)' to fire, but it did not\(miss)")
        }
        for id in expect.notFired where fired.contains(id) {
            failures.append("expected rule '\(id)' not to fire, but it did (firing #\(run.active.first { run.firings[$0].rule == id }!))")
        }
        let positions = expect.order.map { id in inPlan.firstIndex(of: id) }
        if !expect.order.isEmpty {
            if let missing = zip(expect.order, positions).first(where: { $0.1 == nil }) {
                failures.append("expected order \(expect.order.joined(separator: ", ")), but '\(missing.0)' is not in the plan")
            } else if positions.compactMap({ $0 }) != positions.compactMap({ $0 }).sorted() {
                let actual = inPlan.filter(expect.order.contains)
                failures.append("expected order \(expect.order.joined(separator: ", ")), but the plan has \(actual.joined(separator: ", "))")
            }
        }
        return failures
    }

    /// Why `test` cannot pass in this rule set: it expects a disabled rule to fire, or an action,
    /// alert or derived fact that only disabled rules give. Nil when it can run.
    func skipReason(_ test: RuleTest) -> String? {
        let (recommended, alerts, derived) = enabled
        let expect = test.expect
        for rule in ruleSet.disabled {
            let what: String? = if expect.fired.contains(rule.id) { "the test expects it to fire" }
                else if let action = (expect.actions + expect.recommended + expect.order).first(where: { rule.recommends.contains($0) && !recommended.contains($0) }) {
                    "the test expects '\(action)', which only it recommends"
                } else if let level = expect.alerts?.first(where: { rule.alerts.contains($0) && !alerts.contains($0) }) {
                    "the test expects a \(level.rawValue) alert, which only it raises"
                } else if let fact = expect.derived.first(where: { rule.derives.contains($0.fact) && !derived.contains($0.fact) }) {
                    "the test expects '\(fact.fact)', which only it derives"
                } else { nil }
            if let what { return "rule '\(rule.id)' is disabled by rule set '\(rule.disabledBy)'; \(what)" }
        }
        return nil
    }

    /// Why an action is missing, in one line: what removed it, or what the closest rule lacks.
    private func absence(_ id: String, explainer: Explainer) -> String {
        guard let action = catalog.action(id) else { return "it is not in the catalog" }
        let whyNot = explainer.whyNot(action)
        if let removed = whyNot.removed {
            return "it was removed: " + removed.causes.map(PlanRenderer.describe).joined(separator: "; ")
        }
        guard let closest = whyNot.candidates.first else { return "no rule recommends it" }
        return "no rule recommended it; closest: [\(closest.rule.id)] would hold if "
            + closest.failures.flatMap(\.changes).joined(separator: " and ")
    }
}

/// Which rules and which alternatives (`or` terms, `any:` entries) the tests exercised.
public struct TestCoverage: Sendable {
    /// Rules no test made fire, sorted.
    public let uncoveredRules: [String]
    /// (rule, alternative) pairs never true when their rule fired.
    public let uncoveredBranches: [(rule: String, branch: String)]
    public let ruleCount: Int

    public var coveredRules: Int { ruleCount - uncoveredRules.count }

    public init(ruleSet: RuleSet, outcomes: [RuleSetTestRunner.Outcome]) {
        var firings: [String: [Firing]] = [:]
        for outcome in outcomes {
            for firing in outcome.run?.firings ?? [] { firings[firing.rule, default: []].append(firing) }
        }
        let enabled = ruleSet.rules.filter(\.enabled)
        ruleCount = enabled.count
        uncoveredRules = enabled.map(\.id).filter { firings[$0] == nil }
        var branches: [(String, String)] = []
        for rule in enabled {
            guard let ruleFirings = firings[rule.id] else { continue }
            for alternative in Self.alternatives(in: rule) {
                let exercised = ruleFirings.contains { firing in
                    firing.values.contains { $0.id == alternative.id && $0.value == .bool(true) }
                }
                if !exercised { branches.append((rule.id, alternative.text)) }
            }
        }
        uncoveredBranches = branches
    }

    /// Every term of every `or` in a rule's condition (not inside history functions, whose
    /// argument is evaluated once per day).
    static func alternatives(in rule: Rule) -> [CheckedExpr] {
        var result: [CheckedExpr] = []
        func walk(_ expr: CheckedExpr) {
            if case .history = expr.kind { return }
            if case .or(let terms) = expr.kind { result += terms }
            expr.forEachChild(walk)
        }
        rule.condition.roots.forEach(walk)
        return result
    }
}
