import ArgumentParser
import Foundation
import SteadyPlan
import SteadyRules

/// `steady eval EXPR`: one expression against a state, with every sub-expression's value.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate one expression against a state: its type, its value and each sub-expression's value.",
        discussion: """
            The expression is checked against the rule set's facts like a rule's condition, and \
            evaluated on the state after the rules have run, so derived facts have the values the \
            rules gave them, and history functions read --history. A value that cannot be decided \
            is "unknown" with the reason (the missing fact, "division by zero", ...).

            Examples:
              steady eval "stress >= 7 and 'deadline' in triggers" --state examples/poor-sleep-deadline.yaml
              steady eval "avg(stress, 3d)" --state examples/workday-high-stress.yaml --history examples/history/stressful-week.yaml
              steady eval "high_stress_day" --state examples/workday-high-stress.yaml --format json

            Exit codes: 0 evaluated (whatever the value), 1 the expression, the rules or the state \
            have errors, 2 usage error.
            """
    )

    @Argument(help: ArgumentHelp("The expression, in the rule language (docs/rule-language.md).", valueName: "expression"))
    var expression: String

    @OptionGroup var inputs: PlanInputs

    @Option(help: "text for people, json for programs.")
    var format: OutputFormat = .text

    func run() throws {
        let made = try inputs.make()
        let checked = made.planner.ruleSet.schema.check(expression: expression, actions: Set(made.planner.catalog.actions.map(\.id)))
        guard let expr = checked.expr else { throw Failure.diagnostics(checked.diagnostics, files: [checked.file]) }
        if !checked.diagnostics.isEmpty {
            FileHandle.standardError.write(Data(DiagnosticRenderer(files: [checked.file]).render(checked.diagnostics).utf8))
        }
        let evaluation = Evaluation(expr, facts: made.planned.facts)
        print(format == .json ? try EvaluationRenderer.json(evaluation) : EvaluationRenderer.text(evaluation), terminator: "")
    }
}
