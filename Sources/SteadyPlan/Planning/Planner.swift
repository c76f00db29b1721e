import SteadyEngine
import SteadyRules

/// The one planning pipeline: a checked rule set compiled once, with its catalog and policy,
/// turning a patient's facts (today's state, earlier check-ins and earlier plans' actions)
/// into a run and an assembled plan. The command line, the store's replay, impact analysis,
/// the test runner, the batch and the benchmarks all plan through it.
///
/// ```swift
/// let planner = Planner(ruleSet: ruleSet, catalog: catalog, policy: policy)
/// let planned = try planner.plan(facts)
/// print(planned.plan.items.map(\.action.id))
/// ```
///
/// A planner is immutable and `Sendable`: share one across tasks; each call makes its own run
/// (a ``FlatEvaluator`` run when the rule set allows, else a session).
public struct Planner: Sendable {
    public let ruleSet: RuleSet
    public let catalog: ActionCatalog
    public let policy: PlanPolicy
    /// The compiled match network, shared by every plan.
    public let network: CompiledRuleSet
    /// The content hash of everything that shapes a plan — the rule files (with their params),
    /// the catalog and the policy — independent of file order and paths: the key of the stored
    /// snapshot a plan replays on.
    public let snapshotHash: String
    /// The most candidate instances one plan's matching may examine (``Session/workLimit``):
    /// the policy's `limits.max_work`, else the engine's default.
    public var workLimit: Int {
        didSet { flat = FlatEvaluator(network, workLimit: workLimit) }
    }
    /// The session's semantics without a session, which every plan takes when the rule set has
    /// the shape it covers (the shipped base does); within the same limits.
    public private(set) var flat: FlatEvaluator?
    let assembler: PlanAssembler

    public init(ruleSet: RuleSet, catalog: ActionCatalog, policy: PlanPolicy = .standard) {
        self.init(network: CompiledRuleSet(ruleSet), catalog: catalog, policy: policy)
    }

    /// A planner over a network compiled earlier.
    public init(network: CompiledRuleSet, catalog: ActionCatalog, policy: PlanPolicy = .standard) {
        self.ruleSet = network.ruleSet
        self.network = network
        self.catalog = catalog
        self.policy = policy
        self.assembler = PlanAssembler(ruleSet: network.ruleSet, catalog: catalog, policy: policy)
        self.workLimit = policy.maxWork ?? Session.defaultWorkLimit
        self.flat = FlatEvaluator(network, workLimit: workLimit)
        let slots = policy.slotOrder.map(\.rawValue).joined(separator: ",")
        self.snapshotHash = ContentHash.of([
            "ruleset \(network.ruleSet.contentHash)", "catalog \(catalog.contentHash)",
            "policy \(policy.name.count):\(policy.name) \(policy.version.count):\(policy.version) \(policy.timeBudgetMinutes) "
                + "\(policy.maxItems) \(slots) \(policy.budgetFact ?? "-") "
                + "exempt:\(policy.budgetExempt.map(\.rawValue).sorted().joined(separator: ",")) "
                + "card:\(policy.safetyCardLevels.map(\.rawValue).sorted().joined(separator: ","))"
                // Only when set, so the snapshots of policies without limits keep their hash.
                + (policy.maxWork.map { " work:\($0)" } ?? ""),
        ])
    }

    /// A planner over what a ``RuleLoader`` loaded, or nil when it found no rule set or no
    /// catalog (its diagnostics say why). A missing policy is the standard one.
    public init?(_ loaded: RuleLoader.Result) {
        guard !loaded.diagnostics.hasErrors, let ruleSet = loaded.ruleSet, let catalog = loaded.catalog else { return nil }
        self.init(ruleSet: ruleSet, catalog: catalog, policy: loaded.policy ?? .standard)
    }

    /// Which rules, catalog and policy this planner's plans come from.
    public var provenance: Plan.Provenance { assembler.provenance }

    /// Runs the rules on `facts` to their fixpoint and assembles the plan. Without `explains`
    /// the run records no sub-expression values and no misses: enough for the plan, not for
    /// why / why-not or a stored trace. `profile` says which of `facts` came from the
    /// patient's profile (``Profile/merged(into:schema:)``); the plan shows it. An explained
    /// plan takes the flat run when the rule set and facts allow (the same run, part for part).
    public func plan(_ facts: FactBase, profile: Profile.Use? = nil, explains: Bool = true) throws(EngineError) -> Planned {
        // The flat run explains exactly as a session does, for the rule sets it covers.
        if explains, let flat, let explained = flat.explainedRun(facts, scratch: flat.makeScratch()) {
            return Planned(ruleSet: ruleSet, snapshotHash: snapshotHash, run: explained.run, facts: explained.facts,
                           plan: assembler.assemble(explained.effects, facts: explained.facts, profile: profile))
        }
        let session = try Session(network, facts: facts)
        session.explains = explains
        session.workLimit = workLimit
        let run = try session.run()
        let view = session.view()
        return Planned(ruleSet: ruleSet, snapshotHash: snapshotHash, run: run, facts: view, plan: assembler.assemble(run, facts: view, profile: profile))
    }

    /// The plan for `facts` alone, without the run or its explanations: what a patient is
    /// shown. It is the plan ``plan(_:profile:explains:)`` assembles, made by the flat run when
    /// the rule set and the facts allow (no session, no truth maintenance to keep), else by a
    /// session (which also throws the errors).
    public func plan(for facts: FactBase, profile: Profile.Use? = nil) throws(EngineError) -> Plan {
        if let flat, let run = flat.run(facts, scratch: flat.makeScratch()) {
            return assembler.assemble(run.effects, facts: run.facts, profile: profile)
        }
        return try plan(facts, profile: profile, explains: false).plan
    }

    /// The plan from a ``FlatEvaluator`` run over this planner's network: the plan
    /// ``plan(_:profile:explains:)`` makes without explanations.
    public func plan(_ run: FlatEvaluator.Result) -> Plan {
        assembler.assemble(run.effects, facts: run.facts)
    }

    /// The recommended action ids alone (before assembly), sorted: the batch's cheapest output.
    public func recommended(_ facts: FactBase) throws(EngineError) -> [String] {
        let session = try Session(network, facts: facts)
        session.explains = false
        session.workLimit = workLimit
        return try session.run().recommendedActions
    }
}

/// A run and the plan assembled from it, with the facts they were made from: everything an
/// explanation needs, as values.
public struct Planned: Sendable {
    public let ruleSet: RuleSet
    /// The planner's ``Planner/snapshotHash``.
    public let snapshotHash: String
    public let run: Run
    /// The facts at the run's fixpoint.
    public let facts: FactView
    public let plan: Plan

    /// The plan as data: what is stored and replayed.
    public var record: PlanRecord { PlanRecord(plan, snapshot: snapshotHash) }

    /// Explanations (why / why-not) of this plan.
    public var explainer: Explainer { Explainer(ruleSet: ruleSet, plan: plan, run: run, facts: facts) }
}
