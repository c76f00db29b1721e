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
            members += [("recommended", strings(Array(recommended))), ("plan", document(plan))]
        case .recommended(_, let recommended):
            members.append(("recommended", strings(Array(recommended))))
        case .failure(_, let diagnostics):
            members.append(("error", error(diagnostics)))
        }
        var out: [UInt8] = []
        JSONTree.object(members).writeCompact(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes batch lines: the same bytes as ``PlanJSON/line(_:)``, with what is the same on
    /// every line — each catalog action's fixed fields, each id the rules can recommend, the
    /// rule set's provenance, the keys — serialized once, so a line costs little more than
    /// copying bytes.
    public struct LineWriter: Sendable {
        /// Every catalog action's precomputed bytes, one part after another: a part is read by
        /// its range, which counts no reference as an array of its own would.
        private let parts: [UInt8]
        /// Per action id: where in ``parts`` its item's fields before `priority`, and after `rules`, are.
        private let itemParts: IDTable<(head: Range<Int>, tail: Range<Int>)>
        /// Per id of an action in a group: where in ``parts`` the removal cause "the plan already has it" is, written.
        private let groupTaken: IDTable<Range<Int>>
        private let provenance: Plan.Provenance
        private let provenanceBytes: [UInt8]
        /// The ids a flat evaluator's runs give by position.
        private let recommendable: ActionIDs.Table?
        /// Where in ``parts`` each id of ``recommendable`` is, quoted, by its position.
        private let quotedIDs: [Range<Int>]
        /// The planner's reason templates by number (``CompiledRuleSet/reasonTemplates``): a
        /// reason of one of them is written from ``templatePieces``.
        private let templates: [Reason.Template?]
        /// Per template: its pieces' places in ``pieceRanges``. A reason's literal text is
        /// copied, escaped once, rather than scanned for escapes in every line.
        private let templatePieces: [Range<Int>]
        /// Where in ``parts`` each template piece is, escaped, without quotes.
        private let pieceRanges: [Range<Int>]

        /// The writer for `planner`'s lines: its catalog, its provenance, the ids its fast path
        /// recommends by position and its rules' reason templates.
        public init(planner: Planner) {
            self.init(catalog: planner.catalog, provenance: planner.provenance, recommendable: planner.flat?.recommendable,
                      templates: planner.network.reasonTemplates)
        }

        /// A writer for plans from `catalog` with `provenance`, and for recommended ids given as
        /// positions in `recommendable` (ids given otherwise are written one by one). Every reason
        /// is written part by part.
        public init(catalog: ActionCatalog, provenance: Plan.Provenance, recommendable: ActionIDs.Table? = nil) {
            self.init(catalog: catalog, provenance: provenance, recommendable: recommendable, templates: [])
        }

        /// As the public init, and for reasons of `templates` (numbered as ``CompiledRuleSet/reasonTemplates``
        /// numbers them) from their pieces' bytes; any other reason is written part by part.
        private init(catalog: ActionCatalog, provenance: Plan.Provenance, recommendable: ActionIDs.Table?, templates: [Reason.Template?]) {
            var bytes: [UInt8] = []
            var itemParts: [(id: String, value: (head: Range<Int>, tail: Range<Int>))] = [], groupTaken: [(id: String, value: Range<Int>)] = []
            /// The range of the bytes `write` appends.
            func part(_ write: (inout [UInt8]) -> Void) -> Range<Int> {
                let start = bytes.count
                write(&bytes)
                return start..<bytes.count
            }
            for action in catalog.actions {
                if let group = action.group {
                    groupTaken.append((action.id, part { JSONTree.string(PlanRenderer.describe(.groupTaken(group: group, by: action))).writeCompact(into: &$0) }))
                }
                let head = part { bytes in
                    bytes.append(#"{"action":"#)
                    JSONTree.string(action.id).writeCompact(into: &bytes)
                    bytes.append(#","category":"#)
                    JSONTree.string(action.category.rawValue).writeCompact(into: &bytes)
                    bytes += Array(",\"minutes\":\(action.minutes),\"priority\":".utf8)
                }
                let tail = part { bytes in
                    bytes.append(#","slot":"#)
                    JSONTree.string(action.slot.rawValue).writeCompact(into: &bytes)
                    bytes.append(#","steps":"#)
                    strings(action.steps).writeCompact(into: &bytes)
                    bytes.append(#","title":"#)
                    JSONTree.string(action.title).writeCompact(into: &bytes)
                    bytes.append(UInt8(ascii: "}"))
                }
                itemParts.append((action.id, (head, tail)))
            }
            self.recommendable = recommendable
            quotedIDs = (recommendable?.ids ?? []).map { id in part { JSONTree.write(id, into: &$0) } }
            var pieceRanges: [Range<Int>] = []
            let templatePieces = templates.map { template in
                let first = pieceRanges.count
                pieceRanges += (template?.pieces ?? []).map { piece in part { JSONTree.writeEscaped(piece, into: &$0) } }
                return first..<pieceRanges.count
            }
            self.templates = templates
            self.templatePieces = templatePieces
            self.pieceRanges = pieceRanges
            parts = bytes
            self.itemParts = IDTable(itemParts)
            self.groupTaken = IDTable(groupTaken)
            self.provenance = provenance
            var provenanceBytes: [UInt8] = []
            PlanJSON.provenance(provenance).writeCompact(into: &provenanceBytes)
            self.provenanceBytes = provenanceBytes
        }

        /// The line for `result`, without its newline, appended to `out`.
        public func write(_ result: BatchEvaluator.Result, into out: inout [UInt8]) {
            if case .recommended(let line, let recommended) = result {
                // Room for about the whole line up front (an id and its quotes are a few dozen
                // bytes): growing a small array step by step costs more than writing it.
                out.reserve(more: 40 + 48 * recommended.count)
                out.append(#"{"line":"#)
                JSONTree.write(line, into: &out)
                out.append(#","recommended":"#)
                write(recommended, into: &out)
                out.append(UInt8(ascii: "}"))
                return
            }
            // A plan whose items are all as the catalog has them (the batch's plans are) is
            // written from the precomputed parts; anything else goes through the JSON tree.
            let start = out.count
            func general() {
                out.removeSubrange(start...)
                out += Array(PlanJSON.line(result).utf8)
            }
            guard case .plan(let line, let recommended, let plan) = result, plan.provenance == provenance, plan.profile == nil else {
                return general()
            }
            // Room for about the whole line up front, as for the recommended ids: a plan's line is
            // a few kilobytes, and growing it from nothing copies it a dozen times.
            out.reserve(more: 1024 + 512 * plan.items.count + 256 * (plan.removed.count + plan.alerts.count))
            out.append(#"{"line":"#)
            JSONTree.write(line, into: &out)
            out.append(#","plan":{"alerts":["#)
            for (index, alert) in plan.alerts.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(#"{"action":"#)
                if let action = alert.action { JSONTree.write(action.id, into: &out) } else { out.append("null") }
                out.append(#","level":"#)
                JSONTree.write(alert.level.rawValue, into: &out)
                out.append(#","message":"#)
                write(alert.message, into: &out)
                out.append(#","rules":"#)
                JSONTree.write(alert.rules, into: &out)
                out.append(#","steps":"#)
                JSONTree.write(alert.action?.steps ?? [], into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append("]")
            out.append(#","budget_minutes":"#)
            JSONTree.write(plan.budgetMinutes, into: &out)
            out.append(#","budget_used_minutes":"#)
            JSONTree.write(plan.budgetUsed, into: &out)
            out.append(#","date":"#)
            if let date = plan.date {
                // A date's digits and dashes need no escape.
                out.append(UInt8(ascii: "\""))
                date.write(into: &out)
                out.append(UInt8(ascii: "\""))
            } else {
                out.append("null")
            }
            out += Self.disclaimer
            // Items and removals are read in place: a copy of each would count a reference for
            // each of its arrays and its action.
            let itemsWritten = plan.items.withUnsafeBufferPointer { items in
                for index in items.indices {
                    guard let ranges = itemParts[items[index].action.id], items[index].slot == items[index].action.slot else { return false }
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    append(ranges.head, to: &out)
                    JSONTree.write(items[index].priority, into: &out)
                    out.append(#","reasons":"#)
                    writeReasons(of: items[index].recommendations, into: &out)
                    out.append(#","rules":"#)
                    JSONTree.writeRules(of: items[index].recommendations, into: &out)
                    append(ranges.tail, to: &out)
                }
                return true
            }
            guard itemsWritten else { return general() }
            out.append(#"],"removed":["#)
            plan.removed.withUnsafeBufferPointer { removals in
                for index in removals.indices {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(#"{"action":"#)
                    JSONTree.write(removals[index].action.id, into: &out)
                    out.append(#","priority":"#)
                    JSONTree.write(removals[index].priority, into: &out)
                    out.append(#","reasons":"#)
                    writeReasons(of: removals[index].recommendations, into: &out)
                    out.append(#","removed_because":["#)
                    for (position, cause) in removals[index].causes.enumerated() {
                        if position > 0 { out.append(UInt8(ascii: ",")) }
                        if case .groupTaken(let group, let holder) = cause, group == holder.group, let range = groupTaken[holder.id] {
                            append(range, to: &out)
                        } else if let words = PlanRenderer.numbered(cause) {
                            out.append(UInt8(ascii: "\""))
                            out.append(words.before)
                            JSONTree.write(words.number, into: &out)
                            out.append(words.after)
                            out.append(UInt8(ascii: "\""))
                        } else {
                            JSONTree.write(PlanRenderer.describe(cause), into: &out)
                        }
                    }
                    out.append("]}")
                }
            }
            out.append("]")
            out.append(#","ruleset":"#)
            out += provenanceBytes
            out.append(plan.safetyCardOnly ? #","safety_card_only":true,"total_minutes":"# : #","safety_card_only":false,"total_minutes":"#)
            JSONTree.write(plan.totalMinutes, into: &out)
            out.append(#"},"recommended":"#)
            write(recommended, into: &out)
            out.append(UInt8(ascii: "}"))
        }

        /// The ids as a JSON array: from their precomputed bytes when they come as positions in
        /// ``recommendable``, else each escaped.
        private func write(_ ids: ActionIDs, into out: inout [UInt8]) {
            let start = out.count
            out.append(UInt8(ascii: "["))
            let written = recommendable.map { table in
                quotedIDs.withUnsafeBufferPointer { quoted in
                    ids.forEachPosition(in: table) { position in
                        if out.count > start + 1 { out.append(UInt8(ascii: ",")) }
                        append(quoted[position], to: &out)
                    }
                }
            } ?? false
            guard written else {
                out.removeSubrange(start...)
                return JSONTree.write(ids, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }

        /// The texts of the distinct reasons of `recommendations` (``PlanItem/reasons``), as an array.
        private func writeReasons(of recommendations: [Recommendation], into out: inout [UInt8]) {
            out.append(UInt8(ascii: "["))
            var first = true
            for index in recommendations.indices where recommendations.isFirstReason(at: index) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                write(recommendations[index].reason, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }

        /// A reason's text, quoted: a reason of one of ``templates`` from its pieces' escaped
        /// bytes and its values escaped, any other part by part.
        private func write(_ reason: Reason, into out: inout [UInt8]) {
            let number = reason.template.number
            guard templates.indices.contains(number), templates[number] === reason.template else { return JSONTree.write(reason, into: &out) }
            let pieces = templatePieces[number]
            out.append(UInt8(ascii: "\""))
            append(pieceRanges[pieces.lowerBound], to: &out)
            for index in reason.values.indices {
                JSONTree.writeEscaped(reason.values[index], into: &out)
                append(pieceRanges[pieces.lowerBound + index + 1], to: &out)
            }
            out.append(UInt8(ascii: "\""))
        }

        /// The precomputed bytes in `range` of ``parts``, appended to `out`.
        private func append(_ range: Range<Int>, to out: inout [UInt8]) {
            parts.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
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
            .object([("level", .string(alert.level.rawValue)), ("message", .string(alert.message.text)),
                     ("action", alert.action.map { .string($0.id) } ?? .null), ("steps", strings(alert.action?.steps ?? [])),
                     ("rules", strings(alert.rules))])
        })
    }

    static func removed(_ plan: Plan) -> JSONTree {
        .array(plan.removed.map { removed in
            .object([("action", .string(removed.action.id)), ("priority", .int(removed.priority)),
                     ("reasons", strings(removed.reasons.map(\.text))), ("removed_because", strings(removed.causes.map(PlanRenderer.describe)))])
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
                         ("minutes", .int(item.action.minutes)), ("priority", .int(item.priority)), ("reasons", strings(item.reasons.map(\.text))),
                         ("rules", strings(item.rules)), ("steps", strings(item.action.steps))])
            })),
            ("removed", removed(plan)),
            ("budget_minutes", .int(plan.budgetMinutes)),
            ("total_minutes", .int(plan.totalMinutes)),
            ("budget_used_minutes", .int(plan.budgetUsed)),
        ] + (plan.profile.map { [("profile", profile($0))] } ?? []))
    }

    /// Which facts came from the patient's profile (with the day each was set), and which were too old.
    static func profile(_ use: Profile.Use) -> JSONTree {
        .object([
            ("from_profile", .object(use.fromProfile.keys.sorted().map { ($0, .string(use.fromProfile[$0]!.description)) })),
            ("stale", .array(use.stale.map { .object([("fact", .string($0.fact)), ("since", .string($0.since.description)),
                                                     ("max_age_days", .int($0.maxAgeDays))]) })),
        ])
    }
}
