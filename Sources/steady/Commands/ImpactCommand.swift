import ArgumentParser
import Foundation
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady impact`: which patients' plans a rule change would change, before it is activated.
struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "Replay stored check-ins against a new rule set and the current one, and report every plan that would change.",
        discussion: """
            Each patient-day in the period is planned twice from the same check-in, history and \
            earlier plans: with the current rules and with the new ones. The report lists every \
            day whose plan would differ — actions added (+) or removed (-), the same actions in a \
            new order (~), alerts raised or gone — with the rules that cause each change. Patients \
            are evaluated in parallel; progress goes to stderr.

            The first --rules is the new rule set, the second the current one (default: rules/). \
            A clinic's change is usually a layer that imports the base, so one folder each is enough.
            Exit codes: 0 the report was made (changes or not), 1 a rule set has errors or some \
            check-ins could not be replayed, 2 usage error.

            Examples:
              steady impact --rules clinic/ --days 90
              steady impact --rules clinic/ --rules rules/ --patients p1,p7 --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .customLong("rules"), help: ArgumentHelp("The new rule set, then optionally the current one (default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var catalog: CatalogOption

    @Option(help: ArgumentHelp("'all', or patient ids separated by commas.", valueName: "ids"))
    var patients = "all"

    @Option(parsing: .unconditional, help: "How many days to replay, back from --through, 1 to 3650.")
    var days = 90

    @Option(help: ArgumentHelp("The last day to replay (default: the latest check-in).", valueName: "YYYY-MM-DD"))
    var through: String?

    @Option(help: "text or json.")
    var format: Format = .text

    @Option(parsing: .unconditional, help: "How many cores to use, 1 to 256 (default: all).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var database: DatabaseOption

    func validate() throws {
        guard (1...2).contains(rules.count) else { throw ValidationError("give the new rule set (--rules NEW), and optionally the current one (--rules OLD)") }
        try Bounds.check(days, Bounds.days, "--days")
        try Bounds.check(jobs, Bounds.jobs, "--jobs")
        guard through.map({ Day(iso: $0) != nil }) ?? true else { throw ValidationError("--through must be YYYY-MM-DD") }
    }

    func run() throws {
        let new = try PlanInputs.load(rules: [rules[0]], catalog: catalog.paths)
        let old = try PlanInputs.load(rules: [rules.count == 2 ? rules[1] : "rules"], catalog: catalog.paths)
        let store = try database.open(writes: false)
        let analysis = ImpactAnalysis(old: .init(planner: old.planner), new: .init(planner: new.planner))
        let selected = patients == "all" ? nil : patients.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        let bar = ProgressLine(unit: "patients", threshold: 50)
        let report = try analysis.run(store: store, patients: selected, through: through.flatMap(Day.init(iso:)), days: days, jobs: jobs,
                                      progress: { done, total in bar.report(done, of: total) })
        bar.finish()
        switch format {
        case .text: print(report.text(old: old.planner.ruleSet, new: new.planner.ruleSet), terminator: "")
        case .json: print(report.json(old: old.planner.ruleSet, new: new.planner.ruleSet))
        }
        if !report.problems.isEmpty { throw Failure.message(report.problems.joined(separator: "\n")) }
    }
}
