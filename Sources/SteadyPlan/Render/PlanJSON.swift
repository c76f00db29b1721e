import Foundation
import SteadyEngine
import SteadyRules

/// The JSON form of a plan, for programs: every field of the plan, with values typed.
public enum PlanJSON {
    public static func encode(_ plan: Plan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(plan)), as: UTF8.self)
    }

    /// One line of batch output: the line number and either the recommended action ids and
    /// the plan, or the error.
    public static func line(_ result: BatchEvaluator.Result) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch result {
        case .plan(let line, let recommended, let plan):
            return String(decoding: try encoder.encode(BatchLine(line: line, recommended: recommended, plan: Document(plan), error: nil)),
                          as: UTF8.self)
        case .failure(let line, let diagnostics):
            let message = diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "; ")
            return String(decoding: try encoder.encode(BatchLine(line: line, recommended: nil, plan: nil, error: message)), as: UTF8.self)
        }
    }

    struct BatchLine: Encodable {
        let line: Int
        let recommended: [String]?
        let plan: Document?
        let error: String?
    }

    struct Document: Encodable {
        let date: String?
        let disclaimer = PlanRenderer.disclaimer
        let ruleset: [String: String]
        let safety_card_only: Bool
        let alerts: [AlertEntry]
        let items: [ItemEntry]
        let removed: [RemovedEntry]
        let budget_minutes: Int
        let total_minutes: Int

        init(_ plan: Plan) {
            let p = plan.provenance
            date = plan.date?.description
            ruleset = ["name": p.ruleSet, "version": p.ruleSetVersion, "hash": p.ruleSetHash, "catalog": p.catalog,
                       "catalog_version": p.catalogVersion, "catalog_hash": p.catalogHash, "policy": p.policy,
                       "policy_version": p.policyVersion]
            safety_card_only = plan.safetyCardOnly
            alerts = plan.alerts.map(AlertEntry.init)
            items = plan.items.map(ItemEntry.init)
            removed = plan.removed.map(RemovedEntry.init)
            budget_minutes = plan.budgetMinutes
            total_minutes = plan.totalMinutes
        }
    }

    struct AlertEntry: Encodable {
        let level: String
        let message: String
        let action: String?
        let steps: [String]
        let rules: [String]

        init(_ alert: PlanAlert) {
            level = alert.level.rawValue
            message = alert.message
            action = alert.action?.id
            steps = alert.action?.steps ?? []
            rules = alert.rules
        }
    }

    struct ItemEntry: Encodable {
        let action: String
        let title: String
        let category: String
        let slot: String
        let minutes: Int
        let priority: Int
        let reasons: [String]
        let rules: [String]
        let steps: [String]

        init(_ item: PlanItem) {
            action = item.action.id
            title = item.action.title
            category = item.action.category.rawValue
            slot = item.slot.rawValue
            minutes = item.action.minutes
            priority = item.priority
            reasons = item.reasons
            rules = item.rules
            steps = item.action.steps
        }
    }

    struct RemovedEntry: Encodable {
        let action: String
        let priority: Int
        let reasons: [String]
        let removed_because: [String]

        init(_ removed: RemovedAction) {
            action = removed.action.id
            priority = removed.priority
            reasons = removed.reasons
            removed_because = removed.causes.map(PlanRenderer.describe)
        }
    }
}
