import ArgumentParser
import Foundation
import SteadyEngine
import SteadyFHIR
import SteadyPlan
import SteadyRules
import SteadyStore

/// The options every plan-making command shares: the state (a file, or a patient's stored day),
/// the rules and the catalog.
struct PlanInputs: ParsableArguments {
    @Option(help: ArgumentHelp("Today's state, a YAML or JSON file (see examples/).", valueName: "file"))
    var state: String?

    @Option(help: ArgumentHelp("A patient whose stored day to use (check-in, profile and history) instead of --state.", valueName: "id"))
    var patient: String?

    @Option(help: ArgumentHelp("With --patient: the day (YYYY-MM-DD; default: today in this machine's time zone).", valueName: "day"))
    var date: String?

    @Option(help: ArgumentHelp("Today's state and the days before it as a FHIR R4 Bundle of Observations (docs/fhir.md), instead of --state.", valueName: "file"))
    var fhir: String?

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("Earlier check-ins, a YAML or JSON list of states with dates (for history rules).", valueName: "file"))
    var history: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rule files or folders (repeatable; default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var catalog: CatalogOption

    @Option(parsing: .unconditional, help: ArgumentHelp("The most candidate instances one plan's pattern matching may examine, 1000 to 100000000 (default: the policy's limits.max_work, else 2000000).", valueName: "n"))
    var maxWork: Int?

    var rulePaths: [String] { rules.isEmpty ? ["rules"] : rules }

    /// The day `--patient` plans: `--date`, else today.
    var day: Day { date.flatMap { Day(iso: $0) } ?? Day.today }

    func validate() throws {
        if let maxWork { try Bounds.check(maxWork, Bounds.work, "--max-work") }
        if let patient {
            guard PatientID.isValid(patient) else { throw ValidationError("--patient: " + PatientID.problem(patient)) }
            guard state == nil, history == nil else { throw ValidationError("give --state (and --history) or --patient, not both") }
        }
        guard date.map({ Day(iso: $0) != nil }) ?? true else { throw ValidationError("--date must be YYYY-MM-DD") }
        guard date == nil || patient != nil else { throw ValidationError("--date goes with --patient; a state file gives its own date") }
        if fhir != nil, state != nil || history != nil || patient != nil {
            throw ValidationError("--fhir gives the state and its history: give it instead of --state, --history and --patient")
        }
        for path in [state, history, fhir].compactMap({ $0 }) + catalog.paths + rulePaths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'" + (rules.isEmpty && path == "rules"
                ? " (run from the repository, or pass --rules)" : ""))
        }
    }

    /// A plan made for `--state`, with what explanations need.
    struct Made {
        let planner: Planner
        let planned: Planned
        /// The patient the inputs are about: `--patient`, or the one a FHIR Bundle names.
        var patient: String? = nil

        var plan: Plan { planned.plan }
        var explainer: Explainer { planned.explainer }

        func action(_ id: String) throws -> CatalogAction {
            guard let action = planner.catalog.action(id) else {
                let hint = Suggestions.hint(for: id, in: planner.catalog.actions.map(\.id)).map { " (\($0))" } ?? ""
                throw ValidationError("no action '\(id)' in the catalog\(hint)")
            }
            return action
        }
    }

    /// A planner for the rules and catalog given, with the files they came from.
    struct Loaded {
        var planner: Planner
        let files: [SourceFile]
        /// `steady check`'s warnings, when loaded with `lints`.
        let warnings: [Diagnostic]
    }

    /// Loads and checks the rule set, catalog and policy; throws their diagnostics.
    func loadRules() throws -> Loaded {
        var loaded = try Self.load(rules: rulePaths, catalog: catalog.paths)
        if let maxWork { loaded.planner.workLimit = maxWork }
        return loaded
    }

    /// Loads and checks a rule set with its catalog and policy; throws their diagnostics.
    /// With `lints`, also `steady check`'s warnings (review dates judged against today).
    static func load(rules: [String], catalog: [String], lints: Bool = false) throws -> Loaded {
        let loaded = RuleLoader(lints: lints, reviewDay: lints ? .today : nil).load(paths: rules + catalog)
        guard let planner = Planner(loaded) else {
            var diagnostics = loaded.diagnostics
            if !diagnostics.hasErrors {
                diagnostics.append(loaded.ruleSet == nil
                    ? Diagnostic(.noRuleSet, "no rule set was found", at: nil, hint: "pass the rule files or folders with --rules")
                    : Diagnostic(.noCatalog, "no action catalog was found", at: nil, hint: "pass the catalog file or folder with --catalog"))
            }
            throw Failure.diagnostics(diagnostics, files: loaded.files)
        }
        return Loaded(planner: planner, files: loaded.files, warnings: loaded.diagnostics.filter { $0.severity == .warning })
    }

    /// `patient`'s stored day, saying what to do when there is no check-in for it.
    static func patientDay(store: Store, patient: String, day: Day, schema: Schema) throws -> PatientDay {
        do {
            return try store.patientDay(patient: patient, day: day, schema: schema)
        } catch .notFound {
            throw Failure.message("no check-in for \(patient) on \(day); check in first (steady checkin), or plan another day with --date")
        }
    }

    /// Loads the rules, reads the state (and history) or the patient's stored day, and plans
    /// (storing nothing); throws the diagnostics of any problem in the inputs. Without
    /// `explains` the run records no sub-expression values or misses: enough for the plan, not
    /// for why / why-not.
    func make(explains: Bool = true) throws -> Made {
        let planner = try loadRules().planner
        if let patient {
            let store = try database.open(writes: false)
            let patientDay = try Self.patientDay(store: store, patient: patient, day: day, schema: planner.ruleSet.schema)
            return Made(planner: planner, planned: try planner.plan(patientDay.facts, profile: patientDay.profile, explains: explains),
                        patient: patient)
        }
        if let fhir {
            guard let data = FileManager.default.contents(atPath: fhir) else { throw Failure.message("cannot read '\(fhir)'") }
            let read = FHIRStateReader(schema: planner.ruleSet.schema).read(data, path: fhir)
            guard let facts = read.facts else { throw Failure.diagnostics(read.diagnostics, files: []) }
            return Made(planner: planner, planned: try planner.plan(facts, explains: explains), patient: read.patient)
        }
        guard let state else { throw ValidationError("give today's state with --state FILE, a FHIR Bundle with --fhir FILE, or a patient's stored day with --patient ID") }
        let facts = try Self.read(state: state, history: history, schema: planner.ruleSet.schema)
        return Made(planner: planner, planned: try planner.plan(facts, explains: explains))
    }

    /// A state file with its history file (earlier check-ins, what their plans suggested and
    /// what was marked done); throws the diagnostics of either.
    static func read(state: String, history: String?, schema: Schema) throws -> FactBase {
        let reader = StateReader(schema: schema)
        let read = reader.read(file: state)
        guard var facts = read.facts else { throw Failure.diagnostics(read.diagnostics, files: read.source.map { [$0] } ?? []) }
        if let history {
            let past = reader.readHistory(file: history)
            guard let days = past.history else { throw Failure.diagnostics(past.diagnostics, files: past.source.map { [$0] } ?? []) }
            facts.history = days
            (facts.suggested, facts.done) = (past.suggested, past.done)
        }
        return facts
    }
}

/// Who an explanation is written for.
extension Audience: ExpressibleByArgument {}
