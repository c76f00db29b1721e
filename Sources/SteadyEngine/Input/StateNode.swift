import Foundation
import SteadyRules

/// A tree a patient state is read from: a YAML file (with positions) or a JSON line.
protocol StateNode {
    /// Where the node is, when the source has positions.
    var position: SourceLocation? { get }
    var isNull: Bool { get }
    /// The value as each scalar kind, when it can be read as one.
    var integer: Int? { get }
    var number: Double? { get }
    var bool: Bool? { get }
    var text: String? { get }
    var items: [Self]? { get }
    var members: [(key: String, location: SourceLocation?, value: Self)]? { get }
}

extension YAMLNode: StateNode {
    var position: SourceLocation? { location }

    private var plain: String? {
        if case .scalar(let text, .plain) = kind { return text }
        return nil
    }

    var integer: Int? {
        guard let plain, plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else { return nil }
        return Int(plain)
    }

    var number: Double? {
        guard let plain, plain.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }) else { return nil }
        return Double(plain).flatMap { $0.isFinite ? $0 : nil }
    }

    var bool: Bool? { plain == "true" ? true : plain == "false" ? false : nil }

    var text: String? { isNull ? nil : scalar }

    var items: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    var members: [(key: String, location: SourceLocation?, value: YAMLNode)]? {
        if case .mapping(let pairs) = kind { return pairs.map { ($0.key, $0.keyLocation, $0.value) } }
        return nil
    }
}

/// Any JSON value, keeping the difference between `true` and `1`.
enum JSONValue: StateNode {
    /// An object's members in the order written, repeated keys included (the state reader
    /// reports them); a number with whether it was written as a whole number (no fraction or
    /// exponent), as only those fill whole-number fields.
    case null, boolean(Bool), numeric(Double, whole: Bool), string(String), array([JSONValue]), object([(key: String, value: JSONValue)])

    var position: SourceLocation? { nil }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    var integer: Int? {
        guard case .numeric(let number, whole: true) = self, abs(number) < 1e15 else { return nil }
        return Int(number)
    }

    var number: Double? {
        if case .numeric(let number, _) = self { return number }
        return nil
    }

    var bool: Bool? {
        if case .boolean(let flag) = self { return flag }
        return nil
    }

    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var items: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var members: [(key: String, location: SourceLocation?, value: JSONValue)]? {
        guard case .object(let object) = self else { return nil }
        // By key (diagnostics in a stable order), repeats kept for the reader to report.
        return object.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map { ($0.element.key, nil, $0.element.value) }
    }
}
