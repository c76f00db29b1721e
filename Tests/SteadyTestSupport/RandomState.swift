import SteadyEngine
import SteadyRules

/// Random valid states for a schema, for property tests over real rule bases.
public enum RandomState {
    /// A random valid state for `schema`: each input fact present about two times in three.
    public static func facts(_ schema: Schema, today: Day, rng: inout Xorshift) -> FactBase {
        var facts = FactBase(today: today)
        facts.values[Schema.dateFact] = .date(today.daysSinceEpoch)
        for fact in schema.facts.values.sorted(by: { $0.name < $1.name }) where !fact.isDerived && fact.name != Schema.dateFact {
            guard rng.next(3) != 0 else { continue }
            let low = fact.minimum ?? 0, high = fact.maximum ?? 100
            switch fact.type {
            case .integer:
                facts.values[fact.name] = .integer(Int(low) + rng.next(Int(high - low) + 1))
            case .number:
                facts.values[fact.name] = .number(low + Double(rng.next(Int((high - low) * 100) + 1)) / 100)
            case .bool:
                facts.values[fact.name] = .bool(rng.next(2) == 0)
            case .enumeration(let values):
                facts.values[fact.name] = .string(values[rng.next(values.count)])
            case .set(let values):
                // Red flags are rare; other sets hold a few values.
                let rate = fact.name == "red_flags" ? 60 : 4
                facts.values[fact.name] = .set(values.filter { _ in rng.next(rate) == 0 }.sorted())
            case .date:
                let offset = fact.notFuture ? -rng.next(200) : rng.next(120) - 30
                facts.values[fact.name] = .date(today.daysSinceEpoch + offset)
            default:
                continue
            }
        }
        return facts
    }
}
