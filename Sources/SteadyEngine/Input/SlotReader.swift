import Foundation
import SteadyRules

/// Reads a well-formed JSON state line straight into slot values, without building a JSON tree
/// or a fact dictionary: the batch's fast path. It accepts only what ``StateReader`` accepts
/// without a diagnostic, and gives up (nil) on anything else — an unknown or derived field, a
/// value of the wrong type or out of range, an escape in a string, a multi-instance fact — so
/// the caller can read the line again with ``StateReader`` for the exact diagnostics.
public struct SlotReader: Sendable {
    /// How a field's value is read. Plain values (lists live in side tables), so reading a
    /// field copies no reference.
    enum Kind: Sendable {
        case integer(min: Double?, max: Double?)
        case number(min: Double?, max: Double?)
        case bool, string, date
        /// One of the values of `choices[table]`.
        case enumeration(table: Int)
        /// Some of the values of `choices[table]`.
        case set(table: Int)
    }

    /// A top-level field: a fact's slot, or the record whose members are `records[index]`.
    enum Field: Sendable {
        case fact(slot: Int, kind: Kind)
        case record(Int)
    }

    /// The values an enum or set field may take.
    struct Choices: Sendable {
        /// Each value's bytes and the string the slot holds.
        let values: [(bytes: [UInt8], text: String)]
        /// Indices into `values` in the order of their strings: a set value is kept sorted.
        let sorted: [Int]
    }

    /// A record's member.
    struct Member: Sendable {
        let name: [UInt8]
        let slot: Int
        let kind: Kind
    }

    private let fields: [(name: [UInt8], field: Field)]
    /// Every record's members, record after record: found by position, so that looking one up
    /// copies no name (a reference counted per copy).
    private let members: [Member]
    /// Each record's members, as a range of ``members``.
    private let records: [Range<Int>]
    private let choices: [Choices]
    /// Each field's key length, first and last byte, in the order of `fields`: a look-up
    /// scans these numbers and compares one or two names at most.
    private let signatures: [Int]
    /// Per bucket of a key's signature (``bucket(_:)``): the one field whose signature falls in
    /// it, ``emptyBucket`` when none does, or ``sharedBucket`` when several do (those are
    /// found by scanning ``signatures``). A line names a dozen fields or more, and a bucket
    /// finds most of them with one name compared.
    private let buckets: [Int16]
    private static let emptyBucket: Int16 = -1, sharedBucket: Int16 = -2
    /// Slots every state must give.
    private let required: [Int]
    private let dateSlot: Int?
    /// Date slots that may not be later than the state's date (`not_future`).
    private let notFutureSlots: [Int]
    /// Each slot's value when not given (a `null` resets a field given earlier in the line).
    private let initial: [Value]

    public init(schema: Schema, slots: SlotTable) {
        var choices: [Choices] = []
        func table(_ values: [String]) -> Int {
            let sorted = values.indices.sorted { values[$0] < values[$1] }
            choices.append(Choices(values: values.map { (Array($0.utf8), $0) }, sorted: sorted))
            return choices.count - 1
        }
        func kind(_ fact: FactDeclaration) -> Kind? {
            switch fact.type {
            case .integer: .integer(min: fact.minimum, max: fact.maximum)
            case .number: .number(min: fact.minimum, max: fact.maximum)
            case .bool: .bool
            case .string: .string
            case .date: .date
            case .enumeration(let values): .enumeration(table: table(values))
            case .set(let values): .set(table: table(values))
            default: nil
            }
        }
        var fields: [(name: [UInt8], field: Field)] = []
        var members: [Member] = [], records: [Range<Int>] = []
        for fact in schema.facts.values where !fact.isDerived && !fact.name.contains(".") {
            if let kind = kind(fact), let slot = slots.slotOf[fact.name] { fields.append((Array(fact.name.utf8), .fact(slot: slot, kind: kind))) }
        }
        for (record, names) in schema.records {
            let read = names.compactMap { name -> Member? in
                guard let fact = schema.facts["\(record).\(name)"], !fact.isDerived, let kind = kind(fact),
                      let slot = slots.slotOf[fact.name] else { return nil }
                return Member(name: Array(name.utf8), slot: slot, kind: kind)
            }
            if read.count == names.count {
                fields.append((Array(record.utf8), .record(records.count)))
                records.append(members.count..<(members.count + read.count))
                members += read
            }
        }
        self.fields = fields
        self.members = members
        self.records = records
        self.choices = choices
        signatures = fields.map { Self.signature($0.name.count, $0.name.first!, $0.name.last!) }
        var buckets = [Int16](repeating: Self.emptyBucket, count: 256)
        for (index, signature) in signatures.enumerated() {
            let bucket = Self.bucket(signature)
            buckets[bucket] = buckets[bucket] == Self.emptyBucket && index <= Int(Int16.max) ? Int16(index) : Self.sharedBucket
        }
        self.buckets = buckets
        required = schema.facts.values.filter { $0.isRequired && !$0.isDerived }.compactMap { slots.slotOf[$0.name] }.sorted()
        dateSlot = schema.facts[Schema.dateFact].flatMap { $0.type == .date ? slots.slotOf[Schema.dateFact] : nil }
        notFutureSlots = schema.facts.values.filter { $0.notFuture && !$0.isDerived }.compactMap { slots.slotOf[$0.name] }.sorted()
        initial = slots.initialValues
    }

    /// Reads the JSON object in `range` of `bytes` into `slots`, which hold a value for every
    /// slot (the last state's, say): each slot the line gives takes its value, and every other
    /// slot its starting value (``SlotTable/initialValues``). Returns the state's day (nil when
    /// it has none), or nil — leaving `slots` in an unspecified state — when the line needs the
    /// full reader.
    public func read(_ bytes: [UInt8], in range: Range<Int>, into slots: inout [Value]) -> Int?? {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "the line's range is within its bytes")
        precondition(slots.count == initial.count, "a value for every slot")
        return bytes.withUnsafeBufferPointer { bytes in
            var cursor = Cursor(bytes: bytes, index: range.lowerBound, end: range.upperBound)
            // Which slots the line gives, and which keys it has named (slots, then records), on the
            // stack: the line is read once and forgotten. A key named twice goes to the full
            // reader, which reports it.
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: 2 * initial.count + records.count) { flags -> Int?? in
                flags.initialize(repeating: false)
                let given = UnsafeMutableBufferPointer(rebasing: flags[0..<initial.count])
                let named = UnsafeMutableBufferPointer(rebasing: flags[initial.count...])
                // The slots through a pointer too: assigning one checks no uniqueness and no bounds.
                return slots.withUnsafeMutableBufferPointer { slots in read(&cursor, into: slots, given: given, named: named) }
            }
        }
    }

    private func read(_ cursor: inout Cursor, into slots: UnsafeMutableBufferPointer<Value>, given: UnsafeMutableBufferPointer<Bool>,
                      named: UnsafeMutableBufferPointer<Bool>) -> Int?? {
        guard readObject(&cursor, record: nil, slots: slots, given: given, named: named) else { return nil }
        cursor.skipSpace()
        guard cursor.index == cursor.end, required.allSatisfy({ given[$0] }) else { return nil }
        resetUngiven(slots, given)
        guard let dateSlot, given[dateSlot], case .date(let day) = slots[dateSlot] else {
            return notFutureSlots.contains(where: { given[$0] }) ? nil : .some(nil)
        }
        for slot in notFutureSlots where given[slot] {
            if case .date(let other) = slots[slot], other > day { return nil }
        }
        return .some(day)
    }

    /// An object of top-level fields (`record` nil) or of the members of `records[record]`.
    private func readObject(_ cursor: inout Cursor, record: Int?,
                            slots: UnsafeMutableBufferPointer<Value>, given: UnsafeMutableBufferPointer<Bool>,
                            named: UnsafeMutableBufferPointer<Bool>) -> Bool {
        /// False when the key at `index` of `named` was named before in this line.
        func first(_ index: Int) -> Bool {
            guard !named[index] else { return false }
            named[index] = true
            return true
        }
        cursor.skipSpace()
        guard cursor.take(UInt8(ascii: "{")) else { return false }
        cursor.skipSpace()
        if cursor.take(UInt8(ascii: "}")) { return true }
        while true {
            cursor.skipSpace()
            guard let key = cursor.plainString() else { return false }
            cursor.skipSpace()
            guard cursor.take(UInt8(ascii: ":")) else { return false }
            cursor.skipSpace()
            if let record {
                // A record's member must exist even when it is null (the full reader says so).
                guard let member = records[record].first(where: { cursor.equals(key, members[$0].name) }) else { return false }
                let slot = members[member].slot
                guard first(slot) else { return false }
                if cursor.takeNull() {
                    reset(slot, slots, given)
                } else {
                    guard let value = readValue(&cursor, members[member].kind) else { return false }
                    slots[slot] = value
                    given[slot] = true
                }
            } else if cursor.takeNull() {
                // A null top-level field is a missing value, as in a state file.
                switch find(key, in: cursor) {
                case .fact(let slot, _)?:
                    guard first(slot) else { return false }
                    reset(slot, slots, given)
                case .record(let record)?:
                    guard first(initial.count + record) else { return false }
                    for member in records[record] { reset(members[member].slot, slots, given) }
                case nil:
                    return false  // the full reader checks names it does not know
                }
            } else {
                guard let field = find(key, in: cursor) else { return false }
                switch field {
                case .fact(let slot, let kind):
                    guard first(slot), let value = readValue(&cursor, kind) else { return false }
                    slots[slot] = value
                    given[slot] = true
                case .record(let record):
                    guard first(initial.count + record),
                          readObject(&cursor, record: record, slots: slots, given: given, named: named) else { return false }
                }
            }
            cursor.skipSpace()
            if cursor.take(UInt8(ascii: ",")) { continue }
            return cursor.take(UInt8(ascii: "}"))
        }
    }

    /// Gives every slot the line did not give its starting value. Only a slot that differs from
    /// it — bit for bit, so the same value with the same text — is assigned: an assignment counts
    /// a reference up and one down for every value with text, as most starting values (unknowns
    /// with their reason) are, and a state leaves most slots as the one before it found them.
    private func resetUngiven(_ slots: UnsafeMutableBufferPointer<Value>, _ given: UnsafeMutableBufferPointer<Bool>) {
        initial.withUnsafeBufferPointer { initial in
            guard let target = slots.baseAddress, let source = initial.baseAddress else { return }
            for index in 0..<slots.count where !given[index] && memcmp(target + index, source + index, MemoryLayout<Value>.size) != 0 {
                target[index] = source[index]
            }
        }
    }

    private func reset(_ slot: Int, _ slots: UnsafeMutableBufferPointer<Value>, _ given: UnsafeMutableBufferPointer<Bool>) {
        slots[slot] = initial[slot]
        given[slot] = false
    }

    private static func signature(_ count: Int, _ first: UInt8, _ last: UInt8) -> Int {
        count << 16 | Int(first) << 8 | Int(last)
    }

    /// A signature's bucket: its bytes folded into 8 bits.
    private static func bucket(_ signature: Int) -> Int {
        (signature ^ signature >> 8 ^ signature >> 13) & 0xFF
    }

    private func find(_ key: Range<Int>, in cursor: Cursor) -> Field? {
        guard !key.isEmpty else { return nil }
        let signature = Self.signature(key.count, cursor.bytes[key.lowerBound], cursor.bytes[key.upperBound - 1])
        let bucket = buckets[Self.bucket(signature)]
        if bucket == Self.emptyBucket { return nil }
        if bucket != Self.sharedBucket {
            let index = Int(bucket)
            return signatures[index] == signature && cursor.equals(key, fields[index].name) ? fields[index].field : nil
        }
        for index in signatures.indices where signatures[index] == signature && cursor.equals(key, fields[index].name) {
            return fields[index].field
        }
        return nil
    }

    private func readValue(_ cursor: inout Cursor, _ kind: Kind) -> Value? {
        func inRange(_ number: Double, _ min: Double?, _ max: Double?) -> Bool {
            !(min.map { number < $0 } ?? false) && !(max.map { number > $0 } ?? false)
        }
        switch kind {
        case .integer(let min, let max):
            guard let integer = cursor.integer(), inRange(Double(integer), min, max) else { return nil }
            return .integer(integer)
        case .number(let min, let max):
            guard let number = cursor.decimal(), inRange(number, min, max) else { return nil }
            return .number(number)
        case .bool:
            if cursor.takeWord("true") { return .bool(true) }
            if cursor.takeWord("false") { return .bool(false) }
            return nil
        case .string:
            return cursor.plainString().map { .string(cursor.text($0)) }
        case .date:
            return cursor.plainString().flatMap { range in Day.parse(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: cursor.bytes[range]))) }.map { .date($0.daysSinceEpoch) }
        case .enumeration(let table):
            // By position, as a record's members are: a copy of a value would count two references.
            guard let text = cursor.plainString(),
                  let index = choices[table].values.indices.first(where: { cursor.equals(text, choices[table].values[$0].bytes) }) else { return nil }
            return .string(choices[table].values[index].text)
        case .set(let table):
            return readSet(&cursor, choices[table])
        }
    }

    /// A list of `choices`' values, as the set value it gives: sorted, each once.
    private func readSet(_ cursor: inout Cursor, _ choices: Choices) -> Value? {
        guard cursor.take(UInt8(ascii: "[")) else { return nil }
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: choices.values.count) { chosen -> Value? in
            chosen.initialize(repeating: false)
            var count = 0
            cursor.skipSpace()
            if !cursor.take(UInt8(ascii: "]")) {
                while true {
                    cursor.skipSpace()
                    guard let text = cursor.plainString(),
                          let index = choices.values.firstIndex(where: { cursor.equals(text, $0.bytes) }) else { return nil }
                    if !chosen[index] { count += 1 }
                    chosen[index] = true
                    cursor.skipSpace()
                    if cursor.take(UInt8(ascii: ",")) { continue }
                    guard cursor.take(UInt8(ascii: "]")) else { return nil }
                    break
                }
            }
            var members: [String] = []
            members.reserveCapacity(count)
            for index in choices.sorted where chosen[index] { members.append(choices.values[index].text) }
            return .set(members)
        }
    }
}

/// A position in a line of bytes. It reads them through a pointer (the line's array is held by
/// the caller for the whole read), and never past `end`, which is within them.
private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int

    mutating func skipSpace() {
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D || bytes[index] == 0x0A { index += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `null`, told from any other value by its first byte before the word is compared.
    @inline(__always)
    mutating func takeNull() -> Bool {
        index < end && bytes[index] == UInt8(ascii: "n") && takeWord("null")
    }

    mutating func takeWord(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// The byte range of a string without escapes or control characters (nil otherwise).
    mutating func plainString() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            index += 1
        }
        return nil
    }

    func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

    func equals(_ range: Range<Int>, _ other: [UInt8]) -> Bool {
        guard range.count == other.count else { return false }
        guard !other.isEmpty else { return true }
        return other.withUnsafeBufferPointer { other in memcmp(bytes.baseAddress! + range.lowerBound, other.baseAddress!, other.count) == 0 }
    }

    /// A JSON integer without fraction or exponent, of at most 15 digits.
    mutating func integer() -> Int? {
        let start = index
        let negative = take(UInt8(ascii: "-"))
        let digits = index
        var value = 0
        while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value &* 10 &+ Int(bytes[index] - UInt8(ascii: "0"))  // wraps only past 15 digits, refused below
            index += 1
        }
        let count = index - digits
        guard count > 0, count <= 15, bytes[digits] != UInt8(ascii: "0") || count == 1,
              index == end || (bytes[index] != UInt8(ascii: ".") && bytes[index] != UInt8(ascii: "e") && bytes[index] != UInt8(ascii: "E"))
        else { index = start; return nil }
        return negative ? -value : value
    }

    /// A JSON number with an optional fraction (no exponent), exactly as `Double("...")` reads
    /// it: the digits as an integer divided by a power of ten, both exact in a Double, is the
    /// correctly rounded value.
    mutating func decimal() -> Double? {
        let start = index
        let negative = take(UInt8(ascii: "-"))
        let digits = index
        var value = 0, count = 0, scale = 0
        while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value &* 10 &+ Int(bytes[index] - UInt8(ascii: "0"))  // wraps only past 15 digits, refused below
            index += 1
            count += 1
        }
        guard count > 0, bytes[digits] != UInt8(ascii: "0") || count == 1 else { index = start; return nil }
        if take(UInt8(ascii: ".")) {
            let fraction = index
            while index < end, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int(bytes[index] - UInt8(ascii: "0"))  // wraps only past 15 digits, refused below
                index += 1
                count += 1
            }
            scale = index - fraction
            guard scale > 0 else { index = start; return nil }
        }
        guard count <= 15, index == end || (bytes[index] != UInt8(ascii: "e") && bytes[index] != UInt8(ascii: "E")) else {
            index = start
            return nil
        }
        let magnitude = scale == 0 ? Double(value) : Double(value) / Self.powersOfTen[scale]
        return negative ? -magnitude : magnitude
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }
}

