import Foundation
import SteadyEngine
import SteadyRules

/// A plan as data: what is stored, hashed into the audit chain and compared on replay. It
/// holds ids, numbers and codes; a text a rule wrote (a reason, an alert message) as its
/// template — the rule and the effect — with its placeholders' values, whose wording lives in
/// the snapshot. No sentence of Steady's own renderers is in it, so rewording one changes no
/// stored record. Text, Markdown and JSON are renderings.
///
/// ```swift
/// let record = PlanRecord(planned.plan, snapshot: planner.snapshotHash)
/// let json = try record.encoded()          // canonical: sorted keys, no spaces
/// let differences = record.differences(from: replayed)   // [] when identical
/// ```
public struct PlanRecord: Codable, Sendable, Hashable {
    /// The format of records this version writes. A reader accepts this version only.
    public static let currentFormat = 1

    /// The record format (``currentFormat``).
    public var format: Int
    /// The day planned for (`YYYY-MM-DD`), when the state gave one.
    public var date: String?
    public var rules: Identity
    /// Most urgent first.
    public var alerts: [AlertRecord]
    /// True when a red-flag alert reduced the plan to the safety card.
    public var safetyCardOnly: Bool
    /// In plan order (by slot, then priority).
    public var items: [Item]
    public var removed: [Removed]
    public var budget: Budget
    /// Which facts came from the patient's profile (absent for a plan made from a state alone).
    public var profile: ProfileRecord?

    /// What the plan took from the patient's profile: each fact with the day it was set, and
    /// the values left out as too old.
    public struct ProfileRecord: Codable, Sendable, Hashable {
        public var fromProfile: [String: String]
        public var stale: [StaleRecord]

        public struct StaleRecord: Codable, Sendable, Hashable {
            public var fact: String
            public var since: String
            public var maxAgeDays: Int
        }

        init(_ use: Profile.Use) {
            fromProfile = use.fromProfile.mapValues(\.description)
            stale = use.stale.map { StaleRecord(fact: $0.fact, since: $0.since.description, maxAgeDays: $0.maxAgeDays) }
        }

        /// The profile use again, for replaying the plan; nil when a day does not read back.
        public var use: Profile.Use? {
            var from: [String: Day] = [:]
            for (fact, text) in fromProfile {
                guard let day = Day(iso: text) else { return nil }
                from[fact] = day
            }
            var old: [Profile.Stale] = []
            for entry in stale {
                guard let day = Day(iso: entry.since) else { return nil }
                old.append(Profile.Stale(fact: entry.fact, since: day, maxAgeDays: entry.maxAgeDays))
            }
            return Profile.Use(fromProfile: from, stale: old)
        }
    }

    /// Which rules, catalog and policy made the plan; `snapshot` is the content hash of all of
    /// them together, the key of the stored snapshot the plan replays on.
    public struct Identity: Codable, Sendable, Hashable {
        public var snapshot: String
        public var ruleSet: String
        public var ruleSetVersion: String
        public var ruleSetHash: String
        public var catalog: String
        public var catalogVersion: String
        public var catalogHash: String
        public var policy: String
        public var policyVersion: String
    }

    /// A text a rule wrote: the rule, the effect's position in its `then`, and the values of
    /// the template's placeholders.
    public struct RuleText: Codable, Sendable, Hashable {
        public var rule: String
        public var effect: Int
        public var values: [String]

        init(_ reason: Reason) {
            (rule, effect, values) = (reason.rule, reason.effect, reason.values)
        }
    }

    public struct AlertRecord: Codable, Sendable, Hashable {
        public var level: String
        public var message: RuleText
        public var action: String?
        public var rules: [String]
        public var firings: [Int]
    }

    public struct Item: Codable, Sendable, Hashable {
        public var action: String
        public var slot: String
        public var minutes: Int
        public var priority: Int
        /// The reasons the recommending rules gave.
        public var reasons: [RuleText]
        public var rules: [String]
        public var firings: [Int]
    }

    public struct Removed: Codable, Sendable, Hashable {
        public var action: String
        public var priority: Int
        public var reasons: [RuleText]
        public var firings: [Int]
        public var causes: [Cause]
    }

    /// Why a recommended action was left out, as a code with its parameters.
    public struct Cause: Codable, Sendable, Hashable {
        /// `suppressed`, `contraindicated`, `over_budget`, `over_limit`, `safety_card`, `resting` or `group_taken`.
        public var code: String
        public var rule: String?
        public var firing: Int?
        /// A suppressing rule's reason.
        public var ruleReason: RuleText?
        /// A contraindication's reason, as the catalog words it.
        public var reason: String?
        public var condition: String?
        /// Sub-expression texts and their values, for a contraindication.
        public var values: [ConditionValue]?
        public var minutesLeft: Int?
        public var maxItems: Int?
        public var daysAgo: Int?
        public var restDays: Int?
        /// For `group_taken`: the catalog group and the action of it already in the plan.
        public var group: String?
        public var takenBy: String?
    }

    public struct ConditionValue: Codable, Sendable, Hashable {
        public var expression: String
        public var value: String
    }

    public struct Budget: Codable, Sendable, Hashable {
        public var minutes: Int
        public var source: BudgetSource
        public var used: Int
    }

    /// The record of `plan`, made with the rules whose snapshot hash is `snapshot`.
    public init(_ plan: Plan, snapshot: String) {
        let p = plan.provenance
        format = Self.currentFormat
        date = plan.date?.description
        rules = Identity(snapshot: snapshot, ruleSet: p.ruleSet, ruleSetVersion: p.ruleSetVersion, ruleSetHash: p.ruleSetHash,
                         catalog: p.catalog, catalogVersion: p.catalogVersion, catalogHash: p.catalogHash,
                         policy: p.policy, policyVersion: p.policyVersion)
        alerts = plan.alerts.map {
            AlertRecord(level: $0.level.rawValue, message: RuleText($0.message), action: $0.action?.id, rules: $0.rules, firings: $0.firings)
        }
        safetyCardOnly = plan.safetyCardOnly
        items = plan.items.map {
            Item(action: $0.action.id, slot: $0.slot.rawValue, minutes: $0.action.minutes, priority: $0.priority,
                 reasons: $0.reasons.map(RuleText.init), rules: $0.rules, firings: $0.firings)
        }
        removed = plan.removed.map {
            Removed(action: $0.action.id, priority: $0.priority, reasons: $0.reasons.map(RuleText.init), firings: $0.firings, causes: $0.causes.map(Cause.init))
        }
        budget = Budget(minutes: plan.budgetMinutes, source: plan.budgetSource, used: plan.budgetUsed)
        profile = plan.profile.map(ProfileRecord.init)
    }

    /// The canonical JSON of the record (sorted keys, snake_case, no spaces): what is stored and hashed.
    public func encoded() -> String {
        // Encoding plain strings, numbers and lists cannot fail.
        String(decoding: try! Self.encoder.encode(self), as: UTF8.self)
    }

    /// Reads a stored record; nil when the text is not a record of ``currentFormat``.
    public static func decode(_ text: String) -> PlanRecord? {
        guard let record = try? decoder.decode(PlanRecord.self, from: Data(text.utf8)), record.format == currentFormat else { return nil }
        return record
    }

    /// The action ids of the plan's items, for `suggested()` and resting actions.
    public var actions: [String] { items.map(\.action) }

    /// Every field that differs from `other`, as `path: this → other` (e.g.
    /// `items[1].minutes: 10 → 15`); empty when the two records are identical.
    public func differences(from other: PlanRecord) -> [String] {
        guard let mine = try? JSONSerialization.jsonObject(with: Self.encoder.encode(self)),
              let theirs = try? JSONSerialization.jsonObject(with: Self.encoder.encode(other)) else {
            return self == other ? [] : ["the records differ (and cannot be compared field by field)"]
        }
        return JSONDifference.between(mine, theirs)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()
}

extension PlanRecord.Cause {
    init(_ cause: RemovedAction.Cause) {
        self.init(code: "")
        switch cause {
        case .suppressed(let rule, let firing, let reason):
            (code, self.rule, self.firing, ruleReason) = ("suppressed", rule, firing, PlanRecord.RuleText(reason))
        case .contraindicated(let condition, let reason, let values):
            (code, self.condition, self.reason) = ("contraindicated", condition, reason)
            self.values = values.map { PlanRecord.ConditionValue(expression: $0.text, value: $0.value.description) }
        case .overBudget(let minutesLeft):
            (code, self.minutesLeft) = ("over_budget", minutesLeft)
        case .overLimit(let maxItems):
            (code, self.maxItems) = ("over_limit", maxItems)
        case .safetyCard:
            code = "safety_card"
        case .resting(let daysAgo, let restDays):
            (code, self.daysAgo, self.restDays) = ("resting", daysAgo, restDays)
        case .groupTaken(let group, let action):
            (code, self.group, takenBy) = ("group_taken", group, action.id)
        }
    }

    init(code: String) {
        self.code = code
    }
}
