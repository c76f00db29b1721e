import ArgumentParser
import Foundation
import SteadyPlan

/// `steady plan`: today's plan for one state.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Make today's coping plan from a state file.",
        discussion: """
            Runs the rule set on the state, then assembles the plan: safety alerts first, then \
            actions by time of day with minutes and a reason each, fitted to the time the person \
            has (minutes_available) or the policy's default.

            Examples:
              steady plan --state examples/workday-high-stress.yaml
              steady plan --state today.yaml --rules rules/cervical-dystonia --rules clinic/ --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @OptionGroup var inputs: PlanInputs

    @Option(help: "Output format: text, json or markdown.")
    var format: Format = .text

    func run() throws {
        let plan = try inputs.make().plan
        switch format {
        case .text: print(PlanRenderer(style: .text).render(plan), terminator: "")
        case .markdown: print(PlanRenderer(style: .markdown).render(plan), terminator: "")
        case .json: print(try PlanJSON.encode(plan))
        }
    }
}

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
        print(ExplanationRenderer(audience: audience, plan: made.plan).render(why), terminator: "")
    }
}

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
        let whyNot = made.explainer.whyNot(try made.action(action), session: made.session)
        print(ExplanationRenderer(audience: audience, plan: made.plan).render(whyNot), terminator: "")
    }
}
