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

            A test that expects what only a rule disabled by a later layer (disable:) does — that \
            rule firing, or an action, alert or derived fact only it gives — is skipped, with the \
            reason, and does not fail.

            --format json writes the outcomes (and --coverage) for programs; --format junit \
            writes JUnit XML, which CI systems read to show failures.

            Examples:
              steady test rules/cervical-dystonia plans
              steady test rules/cervical-dystonia plans --coverage
              steady test rules/cervical-dystonia plans --format junit > steady-tests.xml
            """
    )

    @Argument(help: ArgumentHelp("Rule files, catalogs, or folders (default: rules plans).", valueName: "path"))
    var paths: [String] = []

    @Flag(help: "Also report the rules and the alternatives (or-terms) no test exercised.")
    var coverage = false

    @Option(help: ArgumentHelp("Run only the tests whose name contains this text.", valueName: "text"))
    var filter: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, junit }

    @Option(help: "text for people, json for programs, junit for CI systems (JUnit XML).")
    var format: Format = .text

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
            let rendered = DiagnosticRenderer(files: loaded.files).render(diagnostics)
            // A report format keeps standard output for the report; the errors go to standard error.
            if format == .text { print(rendered, terminator: "") } else { FileHandle.standardError.write(Data(rendered.utf8)) }
            throw ExitStatus.problems.code
        }
        let runner = RuleSetTestRunner(planner: Planner(ruleSet: ruleSet, catalog: catalog, policy: loaded.policy ?? .standard))
        let outcomes = runner.run(where: { test in filter.map { test.name.contains($0) } ?? true })
        if let filter, outcomes.isEmpty {
            // A filter that selects nothing would pass while testing nothing.
            throw ValidationError("--filter '\(filter)' matches no test's name")
        }
        let report = TestReport(ruleSet: ruleSet.name, outcomes: outcomes,
                                coverage: coverage ? TestCoverage(ruleSet: ruleSet, outcomes: outcomes) : nil)
        switch format {
        case .text: print(report.text(), terminator: "")
        case .json: print(try report.json(), terminator: "")
        case .junit: print(report.junit(), terminator: "")
        }
        if report.count(.failed) > 0 { throw ExitStatus.problems.code }
    }
}
