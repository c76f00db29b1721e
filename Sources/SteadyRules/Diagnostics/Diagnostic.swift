/// How serious a diagnostic is. Errors stop a load; warnings and notes do not.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in an input: what is wrong, where, and what to do about it.
///
/// ```swift
/// Diagnostic(.unknownName, "unknown fact 'stres'", at: span, hint: "did you mean 'stress'?")
/// ```
public struct Diagnostic: Sendable, Hashable, Codable {
    /// A secondary message pointing somewhere else (e.g. the first definition of a duplicate).
    public struct Note: Sendable, Hashable, Codable {
        public let message: String
        public let span: SourceSpan?

        public init(_ message: String, at span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    public let code: DiagnosticCode
    public let severity: Severity
    public let message: String
    /// Where the problem is; nil only for problems with no file (e.g. a missing path).
    public let span: SourceSpan?
    /// What to do about it, when there is something useful to say.
    public let hint: String?
    public let notes: [Note]

    public init(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan?, severity: Severity = .error,
        hint: String? = nil, notes: [Note] = []
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.span = span
        self.hint = hint
        self.notes = notes
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics sort by file, then position, then code, so output is the same on every run.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.span, rhs.span) {
        case (nil, .some): return true
        case (.some, nil): return false
        case let (l?, r?) where l != r: return l < r
        default: return (lhs.code.rawValue, lhs.message) < (rhs.code.rawValue, rhs.message)
        }
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
