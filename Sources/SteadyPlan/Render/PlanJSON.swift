import Foundation
import SteadyEngine
import SteadyRules

/// The JSON form of a plan, for programs: every field of the plan, with values typed. The
/// tree is built in one place and written either pretty (`--format json`) or compact and fast
/// (one line per state in a batch).
public enum PlanJSON {
    public static func encode(_ plan: Plan) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document(plan)), as: UTF8.self)
    }

    /// One line of batch output: the line number and either the recommended action ids and
    /// the plan, or the error.
    public static func line(_ result: BatchEvaluator.Result) -> String {
        var members: [(String, JSONTree)] = [("line", .int(result.line))]
        switch result {
        case .plan(_, let recommended, let plan):
            members += [("recommended", .array(recommended.map(JSONTree.string))), ("plan", document(plan))]
        case .failure(_, let diagnostics):
            members.append(("error", .string(diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "; "))))
        }
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        JSONTree.object(members).writeCompact(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func document(_ plan: Plan) -> JSONTree {
        let p = plan.provenance
        func strings(_ values: [String]) -> JSONTree { .array(values.map(JSONTree.string)) }
        return .object([
            ("date", plan.date.map { .string($0.description) } ?? .null),
            ("disclaimer", .string(PlanRenderer.disclaimer)),
            ("ruleset", .object([("name", .string(p.ruleSet)), ("version", .string(p.ruleSetVersion)), ("hash", .string(p.ruleSetHash)),
                                 ("catalog", .string(p.catalog)), ("catalog_version", .string(p.catalogVersion)),
                                 ("catalog_hash", .string(p.catalogHash)), ("policy", .string(p.policy)),
                                 ("policy_version", .string(p.policyVersion))])),
            ("safety_card_only", .bool(plan.safetyCardOnly)),
            ("alerts", .array(plan.alerts.map { alert in
                .object([("level", .string(alert.level.rawValue)), ("message", .string(alert.message)),
                         ("action", alert.action.map { .string($0.id) } ?? .null), ("steps", strings(alert.action?.steps ?? [])),
                         ("rules", strings(alert.rules))])
            })),
            ("items", .array(plan.items.map { item in
                .object([("action", .string(item.action.id)), ("title", .string(item.action.title)),
                         ("category", .string(item.action.category.rawValue)), ("slot", .string(item.slot.rawValue)),
                         ("minutes", .int(item.action.minutes)), ("priority", .int(item.priority)), ("reasons", strings(item.reasons)),
                         ("rules", strings(item.rules)), ("steps", strings(item.action.steps))])
            })),
            ("removed", .array(plan.removed.map { removed in
                .object([("action", .string(removed.action.id)), ("priority", .int(removed.priority)),
                         ("reasons", strings(removed.reasons)), ("removed_because", strings(removed.causes.map(PlanRenderer.describe)))])
            })),
            ("budget_minutes", .int(plan.budgetMinutes)),
            ("total_minutes", .int(plan.totalMinutes)),
        ])
    }
}

/// A JSON value to write out. Objects are written with their keys sorted.
enum JSONTree: Encodable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONTree])
    case object([(String, JSONTree)])

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in members { try container.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// Compact JSON, as `JSONEncoder` writes it with sorted keys and unescaped slashes, as
    /// UTF-8 bytes (appending bytes is much cheaper than appending small strings).
    func writeCompact(into out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .int(let value): out += Array(String(value).utf8)
        case .string(let value): Self.write(value, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.writeCompact(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.write(member.0, into: &out)
                out.append(UInt8(ascii: ":"))
                member.1.writeCompact(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func write(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
