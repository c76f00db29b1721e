import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules

/// The options every plan-making command shares: the state, the rules and the catalog.
struct PlanInputs: ParsableArguments {
    @Option(help: ArgumentHelp("Today's state, a YAML or JSON file (see examples/).", valueName: "file"))
    var state: String?

    @Option(help: ArgumentHelp("Earlier check-ins, a YAML or JSON list of states with dates (for history rules).", valueName: "file"))
    var history: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rule files or folders (repeatable; default: rules/).", valueName: "path"))
    var rules: [String] = []

    @Option(help: ArgumentHelp("Action catalog and plan policy file or folder (default: plans/).", valueName: "path"))
    var catalog: String = "plans"

    var rulePaths: [String] { rules.isEmpty ? ["rules"] : rules }

    func validate() throws {
        for path in [state, history, catalog].compactMap({ $0 }) + rulePaths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'" + (rules.isEmpty && path == "rules"
                ? " (run from the repository, or pass --rules)" : ""))
        }
    }

    /// Everything a plan command needs, made once.
    struct Made {
        let ruleSet: RuleSet
        let catalog: ActionCatalog
        let session: Session
        let run: Run
        let plan: Plan

        var explainer: Explainer { Explainer(ruleSet: ruleSet, plan: plan, run: run) }

        func action(_ id: String) throws -> CatalogAction {
            guard let action = catalog.action(id) else {
                let hint = Suggestions.hint(for: id, in: catalog.actions.map(\.id)).map { " (\($0))" } ?? ""
                throw ValidationError("no action '\(id)' in the catalog\(hint)")
            }
            return action
        }
    }

    /// Loads and checks the rule set, catalog and policy; prints diagnostics and exits 1 on any
    /// error.
    func loadRules() throws -> (ruleSet: RuleSet, catalog: ActionCatalog, policy: PlanPolicy, files: [SourceFile]) {
        try Self.load(rules: rulePaths, catalog: catalog)
    }

    /// Loads and checks a rule set with its catalog and policy; prints diagnostics and exits 1 on
    /// any error.
    static func load(rules: [String], catalog: String) throws -> (ruleSet: RuleSet, catalog: ActionCatalog, policy: PlanPolicy, files: [SourceFile]) {
        let loaded = RuleLoader(lints: false).load(paths: rules + [catalog])
        guard let ruleSet = loaded.ruleSet, let catalog = loaded.catalog else {
            var diagnostics = loaded.diagnostics
            if !loaded.diagnostics.hasErrors {
                diagnostics.append(Diagnostic(.unknownFileKind, loaded.ruleSet == nil ? "no rule set was found" : "no action catalog was found",
                                              at: nil, hint: "pass --rules and --catalog"))
            }
            FileHandle.standardError.write(Data(DiagnosticRenderer(files: loaded.files).render(diagnostics).utf8))
            throw ExitStatus.problems.code
        }
        return (ruleSet, catalog, loaded.policy ?? .standard, loaded.files)
    }

    /// Loads the rules, reads the state, runs and assembles; prints diagnostics and exits 1 on
    /// any problem in the inputs. Without `explains` the run records no sub-expression values
    /// or misses: enough for the plan, not for why / why-not.
    func make(explains: Bool = true) throws -> Made {
        guard let state else { throw ValidationError("give today's state with --state FILE") }
        let (ruleSet, catalog, policy, _) = try loadRules()
        let reader = StateReader(schema: ruleSet.schema)
        let read = reader.read(file: state)
        guard var facts = read.facts else {
            FileHandle.standardError.write(Data(DiagnosticRenderer(files: read.source.map { [$0] } ?? []).render(read.diagnostics).utf8))
            throw ExitStatus.problems.code
        }
        if let history {
            let past = reader.readHistory(file: history)
            guard let days = past.history else {
                FileHandle.standardError.write(Data(DiagnosticRenderer(files: past.source.map { [$0] } ?? []).render(past.diagnostics).utf8))
                throw ExitStatus.problems.code
            }
            facts.history = days
            facts.suggested = past.suggested
        }
        let session = try Session(CompiledRuleSet(ruleSet), facts: facts)
        session.explains = explains
        let run = try session.run()
        let plan = PlanAssembler(ruleSet: ruleSet, catalog: catalog, policy: policy).assemble(run, session: session)
        return Made(ruleSet: ruleSet, catalog: catalog, session: session, run: run, plan: plan)
    }
}

/// Who an explanation is written for.
extension Audience: ExpressibleByArgument {}
