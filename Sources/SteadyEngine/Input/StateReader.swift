import Foundation
import SteadyRules

/// Reads patient states — YAML or JSON files, or JSON lines of a batch — into input facts,
/// checked against a rule set's schema. Every problem is reported, naming the field; a state
/// with any error gives no facts.
///
/// ```swift
/// let read = StateReader(schema: ruleSet.schema).read(file: "examples/workday-high-stress.yaml")
/// guard let facts = read.facts else { /* render read.diagnostics */ }
/// ```
///
/// A fact named `date` (type date) sets the day the state describes (`FactBase.today`).
public struct StateReader: Sendable {
    public let schema: Schema
    public let limits: Limits
    /// The input facts a state must give, sorted (worked out once, not per state).
    let requiredInputs: [String]

    public init(schema: Schema, limits: Limits = .default) {
        self.schema = schema
        self.limits = limits
        requiredInputs = schema.facts.values.filter { $0.isRequired && !$0.isDerived }.map(\.name).sorted()
    }

    /// What reading one state gave.
    public struct Result: Sendable {
        public let facts: FactBase?
        public let diagnostics: [Diagnostic]
        /// The file's text, for rendering excerpts (nil for JSON lines).
        public let source: SourceFile?
    }

    /// Reads a state file; JSON is read as YAML, so both get line:column positions.
    public func read(file path: String) -> Result {
        guard let data = FileManager.default.contents(atPath: path) else {
            return Result(facts: nil, diagnostics: [Diagnostic(.unreadablePath, "cannot read '\(path)'", at: nil)], source: nil)
        }
        return read(data, path: path)
    }

    /// Reads a state from bytes named `path` in diagnostics.
    public func read(_ data: Data, path: String) -> Result {
        let yaml = YAMLReader(limits: limits).read(data, path: path)
        guard let root = yaml.root else { return Result(facts: nil, diagnostics: yaml.diagnostics, source: yaml.source) }
        var decoder = Decoder<YAMLNode>(schema: schema, required: requiredInputs, path: path, line: nil)
        decoder.decode(root)
        return Result(facts: decoder.diagnostics.hasErrors ? nil : decoder.facts, diagnostics: decoder.diagnostics,
                      source: yaml.source)
    }

    /// What reading a history of check-ins gave: input values by day, the actions of each
    /// day's plan and those the patient marked done (an entry's optional `suggested:` and
    /// `done:` lists).
    public struct HistoryResult: Sendable {
        public let history: [Day: [String: Value]]?
        public var suggested: [Day: Set<String>] = [:]
        public var done: [Day: Set<String>] = [:]
        public let diagnostics: [Diagnostic]
        public var source: SourceFile?
    }

    /// Reads a history file: a YAML (or JSON) list of earlier states, each with its `date`.
    public func readHistory(file path: String) -> HistoryResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            return HistoryResult(history: nil, diagnostics: [Diagnostic(.unreadablePath, "cannot read '\(path)'", at: nil)], source: nil)
        }
        let yaml = YAMLReader(limits: limits).read(data, path: path)
        guard let root = yaml.root else { return HistoryResult(history: nil, diagnostics: yaml.diagnostics, source: yaml.source) }
        var read = readHistory(root, path: path)
        read.source = yaml.source
        return read
    }

    /// Reads a list of earlier states already parsed as YAML (a test's `history:`).
    public func readHistory(_ node: YAMLNode, path: String) -> HistoryResult {
        guard let items = node.items else {
            let diagnostic = Diagnostic(.stateTypeMismatch, "a history is a list of earlier states, each with its date",
                                        at: SourceSpan(file: path, start: node.location))
            return HistoryResult(history: nil, diagnostics: [diagnostic], source: nil)
        }
        var history: [Day: [String: Value]] = [:]
        var actions: [ActionEvent: [Day: Set<String>]] = [:]
        var diagnostics: [Diagnostic] = []
        for item in items {
            var decoder = Decoder<YAMLNode>(schema: schema, required: requiredInputs, path: path, line: nil, isHistory: true)
            decoder.decode(item)
            diagnostics += decoder.diagnostics
            guard !decoder.diagnostics.hasErrors, let day = decoder.facts.today else { continue }
            if history[day] != nil {
                diagnostics.append(Diagnostic(.stateTypeMismatch, "two check-ins for \(day)", at: SourceSpan(file: path, start: item.location),
                                              hint: "keep one check-in per day"))
            }
            history[day] = decoder.facts.values
            for (event, ids) in decoder.pastActions { actions[event, default: [:]][day] = ids }
        }
        guard !diagnostics.hasErrors else { return HistoryResult(history: nil, diagnostics: diagnostics, source: nil) }
        return HistoryResult(history: history, suggested: actions[.suggested] ?? [:], done: actions[.done] ?? [:],
                             diagnostics: diagnostics, source: nil)
    }

    /// Reads one JSON history entry (a state with its date, and optionally `suggested:` and
    /// `done:`, the actions of that day's plan and those marked done).
    public func readHistoryEntry(jsonLine data: Data, path: String) -> (facts: FactBase, actions: [ActionEvent: Set<String>])? {
        guard let value = JSONParser.parse(Substring(decoding: data, as: UTF8.self)) else { return nil }
        var decoder = Decoder<JSONValue>(schema: schema, required: requiredInputs, path: path, line: 1, isHistory: true)
        decoder.decode(value)
        return decoder.diagnostics.hasErrors ? nil : (decoder.facts, decoder.pastActions)
    }

    /// Reads a state already parsed as YAML (a test's `state:` inside a rule file named `path`).
    public func read(_ node: YAMLNode, path: String) -> Result {
        var decoder = Decoder<YAMLNode>(schema: schema, required: requiredInputs, path: path, line: nil)
        decoder.decode(node)
        return Result(facts: decoder.diagnostics.hasErrors ? nil : decoder.facts, diagnostics: decoder.diagnostics, source: nil)
    }

    /// The value `node` stands for as a value of `fact` (e.g. an expected derived value), or the
    /// diagnostics saying why it cannot be one.
    public func value(_ node: YAMLNode, as fact: FactDeclaration, path: String) -> (Value?, [Diagnostic]) {
        var decoder = Decoder<YAMLNode>(schema: schema, required: requiredInputs, path: path, line: nil)
        let value = decoder.convert(node, to: fact, field: fact.name)
        return (value, decoder.diagnostics)
    }

    /// Reads one JSON object, such as line `line` of a JSONL batch named `path`.
    public func read(jsonLine data: Data, path: String, line: Int) -> Result {
        let bytes = [UInt8](data)
        return read(jsonLine: bytes, in: 0..<bytes.count, path: path, line: line)
    }

    /// Reads the JSON object in `range` of `bytes` (a line of a batch file read whole).
    public func read(jsonLine bytes: [UInt8], in range: Range<Int>, path: String, line: Int) -> Result {
        guard let value = JSONParser.parse(bytes, in: range) else {
            return Result(facts: nil, diagnostics: [Diagnostic(.invalidJSON, "line \(line) is not valid JSON",
                                                               at: SourceSpan(file: path, start: .init(line: line, column: 1)))],
                          source: nil)
        }
        var decoder = Decoder<JSONValue>(schema: schema, required: requiredInputs, path: path, line: line)
        decoder.decode(value)
        return Result(facts: decoder.diagnostics.hasErrors ? nil : decoder.facts, diagnostics: decoder.diagnostics, source: nil)
    }
}

/// The schema-directed walk shared by YAML and JSON input.
private struct Decoder<Node: StateNode> {
    let schema: Schema
    let required: [String]
    let path: String
    /// The line every diagnostic points at when the source has no positions (a JSONL line).
    let line: Int?
    /// A history entry may also say which actions that day's plan had (`suggested:`) and which
    /// the patient marked done (`done:`).
    var isHistory = false
    var facts = FactBase()
    /// An entry's non-empty `suggested:` and `done:` lists.
    var pastActions: [ActionEvent: Set<String>] = [:]
    var diagnostics: [Diagnostic] = []
    /// Full names of the fields the input gave a value for (valid or not).
    var given: Set<String> = []
    /// The `not_future` dates read, checked against the state's date at the end.
    var notFutureDates: [(fact: String, day: Day, location: SourceLocation?)] = []

    func span(_ location: SourceLocation?, length: Int = 1) -> SourceSpan {
        SourceSpan(file: path, start: location ?? SourceLocation(line: line ?? 1, column: 1), length: length)
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?, length: Int = 1, hint: String? = nil) {
        diagnostics.append(Diagnostic(code, message, at: span(location, length: length), hint: hint))
    }

    mutating func decode(_ root: Node) {
        guard let members = root.members else {
            report(.stateTypeMismatch, "a state must be a mapping of fields to values", at: root.position)
            return
        }
        // Room for every field at once: growing a set or dictionary from empty rehashes it
        // at each doubling, which cost more than the look-ups themselves.
        var seen = Set<String>(minimumCapacity: members.count)
        given.reserveCapacity(schema.facts.count)
        facts.values.reserveCapacity(schema.facts.count)
        for (name, keyLocation, value) in members {
            guard isFirst(name, keyLocation, &seen) else { continue }
            if value.isNull { continue }
            let fact = schema.facts[name]
            if isHistory, let event = ActionEvent(rawValue: name), fact == nil {
                guard let items = value.items, items.allSatisfy({ $0.text != nil }) else {
                    let what = event == .done ? "that day's actions marked done" : "that day's plan"
                    report(.stateTypeMismatch, "'\(name)' must be a list of action ids (\(what))", at: value.position)
                    continue
                }
                if !items.isEmpty { pastActions[event] = Set(items.compactMap(\.text)) }
                continue
            }
            given.insert(name)
            if fact?.isDerived == true || schema.templates[name]?.isDerived == true {
                report(.derivedStateField, "'\(name)' is worked out by the rules and cannot be given", at: keyLocation,
                       length: name.count, hint: "remove it from the state")
            } else if let fact {
                if let converted = convert(value, to: fact, field: name) { facts.values[name] = converted }
            } else if let fields = schema.records[name] {
                decodeRecord(name, fields: fields, value)
            } else if let template = schema.templates[name] {
                decodeInstances(template, value)
            } else {
                report(.unknownStateField, "unknown field '\(name)'", at: keyLocation, length: name.count,
                       hint: Suggestions.hint(for: name, in: inputNames) ?? "fields: \(inputNames.joined(separator: ", "))")
            }
        }
        for name in required where !given.contains(name) {
            report(.missingStateField, "required field '\(name)' is missing", at: root.position, hint: "add '\(name):'")
        }
        if case .date(let day)? = facts.values[Schema.dateFact] { facts.today = Day(day) }
        checkNotFuture()
    }

    /// Dates declared `not_future` (an injection that already happened) may not be later than
    /// the state's date.
    private mutating func checkNotFuture() {
        for (name, day, location) in notFutureDates {
            guard let today = facts.today, day > today else { continue }
            facts.values[name] = nil
            report(.stateOutOfRange, "'\(name)' (\(day)) is after the state's date (\(today))", at: location,
                   hint: "it records something that has already happened: give its real date")
        }
    }

    /// Whether `key` is met for the first time in its object; a repeat is reported, as a
    /// state file's YAML reader reports it (a JSON line's parser keeps both).
    private mutating func isFirst(_ key: String, _ location: SourceLocation?, _ seen: inout Set<String>) -> Bool {
        guard seen.insert(key).inserted else {
            report(.duplicateKey, "duplicate key '\(key)'", at: location, length: key.count, hint: "keep one of them")
            return false
        }
        return true
    }

    private var inputNames: [String] {
        (schema.facts.values.filter { !$0.isDerived && !$0.name.contains(".") }.map(\.name) + schema.records.keys
            + schema.templates.values.filter { !$0.isDerived }.map(\.name)).sorted()
    }

    private mutating func decodeRecord(_ name: String, fields: [String], _ value: Node) {
        guard let members = value.members else {
            report(.stateTypeMismatch, "'\(name)' must be a mapping of its fields (\(fields.joined(separator: ", ")))", at: value.position)
            return
        }
        var seen = Set<String>(minimumCapacity: members.count)
        for (member, keyLocation, memberValue) in members {
            let path = "\(name).\(member)"
            guard isFirst(path, keyLocation, &seen) else { continue }
            guard let fact = schema.facts[path] else {
                report(.unknownStateField, "unknown field '\(path)'", at: keyLocation, length: member.count,
                       hint: Suggestions.hint(for: member, in: fields) ?? "fields of '\(name)': \(fields.joined(separator: ", "))")
                continue
            }
            if memberValue.isNull { continue }
            given.insert(path)
            if let converted = convert(memberValue, to: fact, field: path) { facts.values[path] = converted }
        }
    }

    private mutating func decodeInstances(_ template: FactTemplate, _ value: Node) {
        guard let items = value.items else {
            report(.stateTypeMismatch, "'\(template.name)' must be a list", at: value.position)
            return
        }
        for (index, item) in items.enumerated() {
            guard let members = item.members else {
                report(.stateTypeMismatch, "'\(template.name)[\(index)]' must be a mapping", at: item.position)
                continue
            }
            var fields: [String: Value] = [:]
            var seen: Set<String> = []
            for (member, keyLocation, memberValue) in members {
                let path = "\(template.name)[\(index)].\(member)"
                guard isFirst(path, keyLocation, &seen) else { continue }
                guard let field = template.field(member) else {
                    report(.unknownStateField, "unknown field '\(path)'", at: keyLocation, length: member.count,
                           hint: Suggestions.hint(for: member, in: template.fields.map(\.name)))
                    continue
                }
                if memberValue.isNull { continue }
                if let converted = convert(memberValue, to: field, field: path) { fields[member] = converted }
            }
            for field in template.fields where field.isRequired && fields[field.name] == nil {
                report(.missingStateField, "'\(template.name)[\(index)]' is missing its required field '\(field.name)'",
                       at: item.position)
            }
            facts.add(template.name, fields)
        }
    }

    /// The value of `node` as `fact`'s type, or nil after reporting why not.
    mutating func convert(_ node: Node, to fact: FactDeclaration, field: String) -> Value? {
        func mismatch(_ expected: String) -> Value? {
            report(.stateTypeMismatch, "'\(field)' must be \(expected)", at: node.position)
            return nil
        }
        func checkRange(_ number: Double) -> Bool {
            let below = fact.minimum.map { number < $0 } ?? false, above = fact.maximum.map { number > $0 } ?? false
            if below || above {
                let bounds = "\(fact.minimum.map { Value.number($0).description } ?? "")..\(fact.maximum.map { Value.number($0).description } ?? "")"
                report(.stateOutOfRange, "'\(field)' is out of range (\(bounds))", at: node.position,
                       hint: fact.unit.map { "the value is in \($0)" })
                return false
            }
            return true
        }
        switch fact.type {
        case .integer:
            guard let number = node.integer else { return mismatch("a whole number") }
            return checkRange(Double(number)) ? .integer(number) : nil
        case .number:
            guard let number = node.number else { return mismatch("a number") }
            return checkRange(number) ? .number(number) : nil
        case .bool:
            guard let flag = node.bool else { return mismatch("true or false") }
            return .bool(flag)
        case .string:
            guard let text = node.text, node.members == nil, node.items == nil else { return mismatch("text") }
            return .string(text)
        case .enumeration(let allowed):
            guard let text = node.text, allowed.contains(text) else {
                report(.stateTypeMismatch, "'\(field)' must be one of: \(allowed.joined(separator: ", "))", at: node.position,
                       hint: node.text.flatMap { Suggestions.hint(for: $0, in: allowed) })
                return nil
            }
            return .string(text)
        case .set(let allowed):
            guard let items = node.items else { return mismatch("a list of: \(allowed.joined(separator: ", "))") }
            var members: Set<String> = []
            for item in items {
                guard let text = item.text, allowed.contains(text) else {
                    report(.stateTypeMismatch, "each entry of '\(field)' must be one of: \(allowed.joined(separator: ", "))",
                           at: item.position, hint: item.text.flatMap { Suggestions.hint(for: $0, in: allowed) })
                    return nil
                }
                members.insert(text)
            }
            return .set(members.sorted())
        case .date:
            guard let text = node.text, let day = Day(iso: text) else { return mismatch("a date (YYYY-MM-DD)") }
            if fact.notFuture { notFutureDates.append((field, day, node.position)) }
            return .date(day.daysSinceEpoch)
        default:
            return mismatch("\(fact.type)")
        }
    }
}
