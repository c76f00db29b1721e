import Foundation
import SteadyRules

/// A problem with one field of a patient state.
public struct StateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's name (`stress`, `work.context`, `trigger[2].name`).
    public let field: String
    public let message: String

    public var description: String { "\(field): \(message)" }
}

extension FactBase {
    /// Input facts from one JSON object, typed and range-checked by `schema`. A `null` or
    /// absent field is missing (unknown); an unknown, derived, mistyped or out-of-range field
    /// is an error naming the field.
    ///
    /// ```swift
    /// let facts = try FactBase(json: Data(#"{"stress": 8, "triggers": ["deadline"]}"#.utf8), schema: rules.schema)
    /// ```
    public init(json data: Data, schema: Schema) throws(StateError) {
        let decoded: JSONValue
        do {
            decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw StateError(field: "(state)", message: "not valid JSON")
        }
        guard case .object(let object) = decoded else { throw StateError(field: "(state)", message: "expected a JSON object") }
        self.init()
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            if case .null = value { continue }
            if schema.facts[name]?.isDerived == true || schema.templates[name]?.isDerived == true {
                throw StateError(field: name, message: "is derived by rules and cannot be given as input")
            }
            if let fact = schema.facts[name] {
                values[name] = try Self.convert(value, to: fact, field: name)
            } else if let fields = schema.records[name] {
                guard case .object(let members) = value else { throw StateError(field: name, message: "expected an object") }
                for (member, memberValue) in members.sorted(by: { $0.key < $1.key }) {
                    guard fields.contains(member), let fact = schema.facts["\(name).\(member)"] else {
                        throw StateError(field: "\(name).\(member)", message: "unknown field" + Self.hint(member, fields))
                    }
                    if case .null = memberValue { continue }
                    values["\(name).\(member)"] = try Self.convert(memberValue, to: fact, field: "\(name).\(member)")
                }
            } else if let template = schema.templates[name] {
                guard case .array(let items) = value else { throw StateError(field: name, message: "expected a list") }
                for (index, item) in items.enumerated() {
                    guard case .object(let members) = item else { throw StateError(field: "\(name)[\(index)]", message: "expected an object") }
                    var fields: [String: Value] = [:]
                    for (member, memberValue) in members.sorted(by: { $0.key < $1.key }) {
                        let path = "\(name)[\(index)].\(member)"
                        guard let field = template.field(member) else {
                            throw StateError(field: path, message: "unknown field" + Self.hint(member, template.fields.map(\.name)))
                        }
                        if case .null = memberValue { continue }
                        fields[member] = try Self.convert(memberValue, to: field, field: path)
                    }
                    add(name, fields)
                }
            } else {
                throw StateError(field: name, message: "not an input of this rule set" + Self.hint(name, schema.topLevelNames))
            }
        }
        if let date = values["date"], case .date(let day) = date { today = Day(day) }
    }

    private static func hint(_ name: String, _ candidates: [String]) -> String {
        Suggestions.hint(for: name, in: candidates).map { "; \($0)" } ?? ""
    }

    private static func convert(_ value: JSONValue, to fact: FactDeclaration, field: String) throws(StateError) -> Value {
        func inRange(_ number: Double) throws(StateError) {
            if let minimum = fact.minimum, number < minimum {
                throw StateError(field: field, message: "\(Value.number(number)) is below the minimum \(Value.number(minimum))")
            }
            if let maximum = fact.maximum, number > maximum {
                throw StateError(field: field, message: "\(Value.number(number)) is above the maximum \(Value.number(maximum))")
            }
        }
        switch (fact.type, value) {
        case (.integer, .number(let number)) where number == number.rounded() && abs(number) < 1e15:
            try inRange(number)
            return .integer(Int(number))
        case (.number, .number(let number)):
            try inRange(number)
            return .number(number)
        case (.bool, .bool(let flag)):
            return .bool(flag)
        case (.string, .string(let text)):
            return .string(text)
        case (.enumeration(let allowed), .string(let text)):
            guard allowed.contains(text) else {
                throw StateError(field: field, message: "'\(text)' is not one of \(allowed.joined(separator: ", "))")
            }
            return .string(text)
        case (.set(let allowed), .array(let items)):
            var members: Set<String> = []
            for item in items {
                guard case .string(let text) = item, allowed.contains(text) else {
                    throw StateError(field: field, message: "each entry must be one of \(allowed.joined(separator: ", "))")
                }
                members.insert(text)
            }
            return .set(members.sorted())
        case (.date, .string(let text)):
            guard let day = Day(iso: text) else { throw StateError(field: field, message: "'\(text)' is not a date (YYYY-MM-DD)") }
            return .date(day.daysSinceEpoch)
        default:
            throw StateError(field: field, message: "expected \(fact.type)")
        }
    }
}

/// Any JSON value, decoded without losing the difference between `true` and `1`.
enum JSONValue: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([JSONValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }
}
