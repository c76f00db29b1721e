import ArgumentParser
import Foundation
import SteadyPlan
import SteadyRules

/// `steady test`: run the tests written in rule files.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the tests written in rule files (tests:) and report each failure.",
        discussion: """
            Each test gives a state and what the rules and the plan must make of it: actions in \
            or absent from the plan, recommendations, alerts, derived facts, rules that fire or \
            not, and plan order. A failure says what was expected, what happened and why. The \
            last line is 'N passed, N failed'; the exit code is 1 when any test fails.

            Examples:
              steady test rules/cervical-dystonia plans
              steady test rules/cervical-dystonia plans --coverage
            """
    )

    @Argument(help: ArgumentHelp("Rule files, catalogs, or folders (default: rules plans).", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Also report the rules and the alternatives (or-terms) no test exercised.")
    var coverage = false

    @Option(help: ArgumentHelp("Run only the tests whose name contains this text.", valueName: "text"))
    var filter: String?

    var resolvedPaths: [String] { paths.isEmpty ? ["rules", "plans"] : paths }

    func validate() throws {
        for path in resolvedPaths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
    }

    func run() throws {
        let loaded = RuleLoader().load(paths: resolvedPaths)
        guard let ruleSet = loaded.ruleSet, let catalog = loaded.catalog else {
            var diagnostics = loaded.diagnostics
            if !diagnostics.hasErrors {
                diagnostics.append(Diagnostic(.unknownFileKind, "tests need a rule set and an action catalog", at: nil,
                                              hint: "for example: steady test rules/cervical-dystonia plans"))
            }
            print(DiagnosticRenderer(files: loaded.files).render(diagnostics), terminator: "")
            throw ExitStatus.problems.code
        }
        let runner = RuleSetTestRunner(planner: Planner(ruleSet: ruleSet, catalog: catalog, policy: loaded.policy ?? .standard))
        let outcomes = runner.run(where: { test in filter.map { test.name.contains($0) } ?? true })
        if let filter, outcomes.isEmpty {
            // A filter that selects nothing would pass while testing nothing.
            throw ValidationError("--filter '\(filter)' matches no test's name")
        }
        for outcome in outcomes {
            let span = outcome.test.span
            if outcome.passed {
                print("pass  \(outcome.test.name)")
            } else {
                print("FAIL  \(outcome.test.name)  (\(span.file):\(span.start))")
                for failure in outcome.failures { print("      \(failure)") }
            }
        }
        if coverage {
            let report = TestCoverage(ruleSet: ruleSet, outcomes: outcomes)
            print("")
            print("coverage: \(report.coveredRules) of \(report.ruleCount) rules fired in some test")
            for rule in report.uncoveredRules { print("  never fired: \(rule)") }
            for (rule, branch) in report.uncoveredBranches { print("  \(rule): '\(branch)' never true when the rule fired") }
        }
        let failed = outcomes.filter { !$0.passed }.count
        print("\(outcomes.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitStatus.problems.code }
    }
}
