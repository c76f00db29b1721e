import SteadyEngine
import SteadyRules

/// A run's full trace as JSON, the record an auditor reads months later: a list with one
/// compact record per line, in order — every firing (rule, stratum, matched instances, facts read
/// with provenance, every sub-expression value, effects), the event log (inputs, firings,
/// assertions, retractions, withdrawals), the derived facts at the fixpoint, the rules active
/// at the fixpoint, and why each other rule did not fire. One record per line keeps it diffable.
/// Values are written as the trace shows them (`8`, `"desk_office"`, `unknown (stress)`);
/// sub-expressions by their id within the rule, as the rule-set snapshot numbers them.
public enum TraceJSON {
    public static func encode(_ run: Run) -> String {
        var records: [JSONTree] = run.firings.map(firing)
        records += run.trace.map(event)
        records += run.derived.keys.sorted().map { fact in
            record("derived", [("fact", .string(fact)), ("value", value(run.derived[fact]!))])
        }
        records += run.derivedInstances.keys.sorted().flatMap { template in
            run.derivedInstances[template]!.map { fields in record("derived_instance", [("template", .string(template)), ("fields", object(fields))]) }
        }
        records.append(record("active", [("firings", .array(run.active.map(JSONTree.int)))]))
        records += run.misses.keys.sorted().map { rule in
            let miss = run.misses[rule]!
            return record("miss", [("rule", .string(rule)), ("element", miss.element.map(JSONTree.int) ?? .null),
                                   ("condition", .string(miss.condition)), ("value", value(miss.value)), ("values", values(miss.values))])
        }
        return "[\n" + records.map { tree in
            var out: [UInt8] = []
            tree.writeCompact(into: &out)
            return String(decoding: out, as: UTF8.self)
        }.joined(separator: ",\n") + "\n]"
    }

    private static func record(_ kind: String, _ members: [(String, JSONTree)]) -> JSONTree {
        .object([("kind", .string(kind))] + members)
    }

    private static func value(_ value: Value) -> JSONTree { .string(value.description) }

    private static func object(_ fields: [String: Value]) -> JSONTree {
        .object(fields.map { ($0.key, value($0.value)) })
    }

    /// Sub-expression values as `[id, value]` pairs: the id numbers the sub-expression within
    /// its rule (pre-order), whose text the stored rule-set snapshot holds, so each trace does not
    /// repeat the rules' text.
    private static func values(_ list: [ExpressionValue]) -> JSONTree {
        .array(list.map { .array([.int($0.id), value($0.value)]) })
    }

    private static func firing(_ firing: Firing) -> JSONTree {
        record("firing", [
            ("index", .int(firing.index)), ("rule", .string(firing.rule)), ("stratum", .int(firing.stratum)),
            ("matched", .array(firing.matched.map { fact in
                .object([("binding", .string(fact.binding)), ("template", .string(fact.template)), ("instance", .int(fact.instance)),
                         ("fields", object(fact.fields)), ("from", .string(fact.provenance.description))])
            })),
            ("reads", .array(firing.reads.map { read in
                .object([("fact", .string(read.fact)), ("value", value(read.value)), ("from", .string(read.provenance.description))])
            })),
            ("values", values(firing.values)),
            ("effects", .array(firing.effects.map(effect))),
        ])
    }

    private static func effect(_ effect: Effect) -> JSONTree {
        switch effect {
        case .derived(let fact, let value):
            .object([("derive", .string(fact)), ("value", Self.value(value))])
        case .derivedInstance(let template, let instance, let fields):
            .object([("derive", .string(template)), ("instance", .int(instance)), ("fields", object(fields))])
        case .recommended(let action, let priority, let reason):
            .object([("recommend", .string(action)), ("priority", .int(priority)), ("reason", .string(reason.text))])
        case .suppressed(let action, let reason):
            .object([("suppress", .string(action)), ("reason", .string(reason.text))])
        case .alerted(let level, let message, let action):
            .object([("alert", .string(level.rawValue)), ("message", .string(message.text)), ("action", action.map(JSONTree.string) ?? .null)])
        }
    }

    private static func event(_ event: TraceEvent) -> JSONTree {
        switch event {
        case .input(let fact, let value): record("input", [("fact", .string(fact)), ("value", Self.value(value))])
        case .fired(let firing): record("fired", [("firing", .int(firing))])
        case .asserted(let fact, let value, let firing):
            record("asserted", [("fact", .string(fact)), ("value", Self.value(value)), ("by", .int(firing))])
        case .retracted(let fact, let value): record("retracted", [("fact", .string(fact)), ("value", Self.value(value))])
        case .instanceAsserted(let template, let instance, let firing):
            record("instance_asserted", [("template", .string(template)), ("instance", .int(instance)), ("by", .int(firing))])
        case .instanceRetracted(let template, let instance):
            record("instance_retracted", [("template", .string(template)), ("instance", .int(instance))])
        case .withdrawn(let firing): record("withdrawn", [("firing", .int(firing))])
        }
    }
}
