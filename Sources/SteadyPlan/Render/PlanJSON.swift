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
    /// the plan, or the error. (``LineWriter`` writes the same bytes faster, for many lines.)
    public static func line(_ result: BatchEvaluator.Result) -> String {
        var members: [(String, JSONTree)] = [("line", .int(result.line))]
        switch result {
        case .plan(_, let recommended, let plan):
            members += [("recommended", strings(recommended)), ("plan", document(plan))]
        case .recommended(_, let recommended):
            members.append(("recommended", strings(recommended)))
        case .failure(_, let diagnostics):
            members.append(("error", error(diagnostics)))
        }
        var out: [UInt8] = []
        JSONTree.object(members).writeCompact(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes batch lines: the same bytes as ``PlanJSON/line(_:)``, with what is the same on
    /// every line — each catalog action's fixed fields, the rule set's provenance, the keys —
    /// serialized once, so a line costs little more than copying bytes.
    public struct LineWriter: Sendable {
        /// Per action id: its item's fields before `priority`, and after `rules`.
        private let itemParts: [String: (head: [UInt8], tail: [UInt8])]
        private let provenance: Plan.Provenance
        private let provenanceBytes: [UInt8]

        public init(catalog: ActionCatalog, provenance: Plan.Provenance) {
            var parts: [String: (head: [UInt8], tail: [UInt8])] = [:]
            for action in catalog.actions {
                var head = Array(#"{"action":"#.utf8)
                JSONTree.string(action.id).writeCompact(into: &head)
                head += Array(#","category":"#.utf8)
                JSONTree.string(action.category.rawValue).writeCompact(into: &head)
                head += Array(",\"minutes\":\(action.minutes),\"priority\":".utf8)
                var tail = Array(#","slot":"#.utf8)
                JSONTree.string(action.slot.rawValue).writeCompact(into: &tail)
                tail += Array(#","steps":"#.utf8)
                strings(action.steps).writeCompact(into: &tail)
                tail += Array(#","title":"#.utf8)
                JSONTree.string(action.title).writeCompact(into: &tail)
                tail.append(UInt8(ascii: "}"))
                parts[action.id] = (head, tail)
            }
            itemParts = parts
            self.provenance = provenance
            var bytes: [UInt8] = []
            PlanJSON.provenance(provenance).writeCompact(into: &bytes)
            provenanceBytes = bytes
        }

        /// The line for `result`, without its newline, appended to `out`.
        public func write(_ result: BatchEvaluator.Result, into out: inout [UInt8]) {
            if case .recommended(let line, let recommended) = result {
                // Room for the whole line up front: growing a small array step by step costs more
                // than writing it.
                out.reserveCapacity(out.count + recommended.reduce(40) { $0 + $1.utf8.count + 3 })
                out.append(#"{"line":"#)
                JSONTree.write(line, into: &out)
                out.append(#","recommended":"#)
                JSONTree.write(recommended, into: &out)
                out.append(UInt8(ascii: "}"))
                return
            }
            guard case .plan(let line, let recommended, let plan) = result, plan.provenance == provenance,
                  plan.items.allSatisfy({ itemParts[$0.action.id] != nil && $0.slot == $0.action.slot }) else {
                out += Array(PlanJSON.line(result).utf8)
                return
            }
            out.append(#"{"line":"#)
            JSONTree.write(line, into: &out)
            out.append(#","plan":{"alerts":"#)
            if plan.alerts.isEmpty { out.append("[]") } else { alerts(plan).writeCompact(into: &out) }
            out.append(#","budget_minutes":"#)
            JSONTree.write(plan.budgetMinutes, into: &out)
            out.append(#","date":"#)
            if let date = plan.date { JSONTree.write(date.description, into: &out) } else { out.append("null") }
            out += Self.disclaimer
            for (index, item) in plan.items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                let parts = itemParts[item.action.id]!
                out += parts.head
                JSONTree.write(item.priority, into: &out)
                out.append(#","reasons":"#)
                JSONTree.write(item.reasons, into: &out)
                out.append(#","rules":"#)
                JSONTree.write(item.rules, into: &out)
                out += parts.tail
            }
            out.append(#"],"removed":"#)
            if plan.removed.isEmpty { out.append("[]") } else { removed(plan).writeCompact(into: &out) }
            out.append(#","ruleset":"#)
            out += provenanceBytes
            out.append(plan.safetyCardOnly ? #","safety_card_only":true,"total_minutes":"# : #","safety_card_only":false,"total_minutes":"#)
            JSONTree.write(plan.totalMinutes, into: &out)
            out.append(#"},"recommended":"#)
            JSONTree.write(recommended, into: &out)
            out.append(UInt8(ascii: "}"))
        }

        private static let disclaimer: [UInt8] = {
            var bytes = Array(#","disclaimer":"#.utf8)
            JSONTree.string(PlanRenderer.disclaimer).writeCompact(into: &bytes)
            return bytes + Array(#","items":["#.utf8)
        }()
    }

    static func strings(_ values: [String]) -> JSONTree { .array(values.map(JSONTree.string)) }

    static func error(_ diagnostics: [Diagnostic]) -> JSONTree {
        .string(diagnostics.filter { $0.severity == .error }.map(\.message).joined(separator: "; "))
    }

    static func provenance(_ p: Plan.Provenance) -> JSONTree {
        .object([("name", .string(p.ruleSet)), ("version", .string(p.ruleSetVersion)), ("hash", .string(p.ruleSetHash)),
                 ("catalog", .string(p.catalog)), ("catalog_version", .string(p.catalogVersion)),
                 ("catalog_hash", .string(p.catalogHash)), ("policy", .string(p.policy)),
                 ("policy_version", .string(p.policyVersion))])
    }

    static func alerts(_ plan: Plan) -> JSONTree {
        .array(plan.alerts.map { alert in
            .object([("level", .string(alert.level.rawValue)), ("message", .string(alert.message)),
                     ("action", alert.action.map { .string($0.id) } ?? .null), ("steps", strings(alert.action?.steps ?? [])),
                     ("rules", strings(alert.rules))])
        })
    }

    static func removed(_ plan: Plan) -> JSONTree {
        .array(plan.removed.map { removed in
            .object([("action", .string(removed.action.id)), ("priority", .int(removed.priority)),
                     ("reasons", strings(removed.reasons)), ("removed_because", strings(removed.causes.map(PlanRenderer.describe)))])
        })
    }

    static func document(_ plan: Plan) -> JSONTree {
        .object([
            ("date", plan.date.map { .string($0.description) } ?? .null),
            ("disclaimer", .string(PlanRenderer.disclaimer)),
            ("ruleset", provenance(plan.provenance)),
            ("safety_card_only", .bool(plan.safetyCardOnly)),
            ("alerts", alerts(plan)),
            ("items", .array(plan.items.map { item in
                .object([("action", .string(item.action.id)), ("title", .string(item.action.title)),
                         ("category", .string(item.action.category.rawValue)), ("slot", .string(item.slot.rawValue)),
                         ("minutes", .int(item.action.minutes)), ("priority", .int(item.priority)), ("reasons", strings(item.reasons)),
                         ("rules", strings(item.rules)), ("steps", strings(item.action.steps))])
            })),
            ("removed", removed(plan)),
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
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): Self.write(value, into: &out)
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

    /// A whole number, as digits.
    static func write(_ number: Int, into out: inout [UInt8]) {
        guard number != 0 else { out.append(UInt8(ascii: "0")); return }
        if number < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = number.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    /// A list of strings.
    static func write(_ texts: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(text, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A string, quoted and escaped.
    static func write(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        let plain = text.withUTF8 { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
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

extension [UInt8] {
    /// Appends a literal's UTF-8 bytes without making a string.
    mutating func append(_ literal: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
