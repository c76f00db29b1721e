import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady why ACTION`: the derivation of an action in the plan.
struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain why an action is in today's plan, down to the state's values.",
        discussion: """
            Example:
              steady why breathing_diaphragmatic --state examples/workday-high-stress.yaml --audience clinician
            """
    )

    @Argument(help: ArgumentHelp("The catalog action id.", valueName: "action"))
    var action: String

    @OptionGroup var inputs: PlanInputs

    @Option(help: "Who reads it: patient (plain words), clinician (rules, values, evidence) or auditor (full provenance).")
    var audience: Audience = .patient

    func run() throws {
        let made = try inputs.make()
        let why = made.explainer.why(try made.action(action))
        print(ExplanationRenderer(audience: audience, plan: made.plan, words: FactWords(schema: made.planner.ruleSet.schema)).render(why), terminator: "")
    }
}
