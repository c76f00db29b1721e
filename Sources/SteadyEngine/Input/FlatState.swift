import Foundation
import SteadyRules

/// A state written flat, as named text cells: `stress=8`, `sleep.hours=5.5`,
/// `triggers=deadline;poor_sleep` — the shape of command-line flags and of a CSV row. Cells are
/// typed by the schema, nested into a state object and read through ``StateReader``, so a flat
/// state is validated exactly like a state file (every problem names its field).
///
/// - An empty cell is a missing value.
/// - A set is written with its items separated by `;` or `,`.
/// - Multi-instance facts cannot be written flat (use a state file or JSON).
public enum FlatState {
    /// One named cell.
    public struct Cell: Sendable, Hashable {
        public let name: String
        public let text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// Reads the cells as one state; diagnostics point at `path`, line `line`.
    public static func read(_ cells: [Cell], reader: StateReader, path: String, line: Int) -> StateReader.Result {
        var object: [String: Any] = [:]
        for cell in cells where !cell.text.isEmpty {
            let value = json(cell.text, as: reader.schema.facts[cell.name]?.type)
            let parts = cell.name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                var record = object[parts[0]] as? [String: Any] ?? [:]
                record[parts[1]] = value
                object[parts[0]] = record
            } else {
                object[cell.name] = value
            }
        }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return reader.read(jsonLine: data, path: path, line: line)
    }

    /// The names a flat state of `schema` can have: `date` first, then every input fact and
    /// record field by full name, sorted.
    public static func columns(_ schema: Schema) -> [String] {
        let names = schema.facts.values.filter { !$0.isDerived && $0.name != Schema.dateFact }.map(\.name).sorted()
        return (schema.facts[Schema.dateFact] == nil ? [] : [Schema.dateFact]) + names
    }

    /// `facts` as cells under `columns` (empty text for a missing value); nil when the facts have
    /// instances of a multi-instance fact, which a flat state cannot hold.
    public static func cells(_ facts: FactBase, columns: [String]) -> [String]? {
        guard facts.instances.values.allSatisfy(\.isEmpty) else { return nil }
        return columns.map { name in facts.values[name].map(text) ?? "" }
    }

    private static func text(_ value: Value) -> String {
        switch value {
        case .set(let items): items.sorted().joined(separator: ";")
        case .string(let text): text
        case .date(let day): Day(day).description
        default: value.description
        }
    }

    /// The JSON value a cell's text stands for, given the declared type: numbers and `true` /
    /// `false` when the type wants them and the text is one, a list for a set, else the text (so
    /// the reader reports a mistyped cell the way it reports a mistyped state field).
    private static func json(_ text: String, as type: SteadyType?) -> Any {
        switch type {
        case .integer?, .number?:
            if let integer = Int(text) { return integer }
            if let number = Double(text), number.isFinite { return number }
            return text
        case .bool?:
            return text == "true" ? true : text == "false" ? false : text as Any
        case .set?:
            return text.split(whereSeparator: { $0 == ";" || $0 == "," })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default:
            return text
        }
    }
}
