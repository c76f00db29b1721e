import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady why-not ACTION`: why an action is not in the plan, and what would bring it in.
struct WhyNotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why-not",
        abstract: "Explain why an action is not in today's plan, and what would change that.",
        discussion: """
            Names the suppression, contraindication or budget that removed it, or, for each rule \
            that could suggest it, the conditions that failed with their values and the smallest \
            change to the state that would make them hold.

            Example:
              steady why-not walking --state examples/pain-flare.yaml
            """
    )

    @Argument(help: ArgumentHelp("The catalog action id.", valueName: "action"))
    var action: String

    @OptionGroup var inputs: PlanInputs

    @Option(help: "Who reads it: patient, clinician or auditor.")
    var audience: Audience = .patient

    func run() throws {
        let made = try inputs.make()
        let whyNot = made.explainer.whyNot(try made.action(action))
        print(ExplanationRenderer(audience: audience, plan: made.plan, words: FactWords(schema: made.planner.ruleSet.schema)).render(whyNot), terminator: "")
    }
}
