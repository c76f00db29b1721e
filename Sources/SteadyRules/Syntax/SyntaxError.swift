/// A problem found while lexing or parsing an expression, at a range of its text.
public struct SyntaxError: Error, Sendable, Hashable {
    public let code: DiagnosticCode
    public let message: String
    public let range: Range<Int>
    public let hint: String?

    public init(_ code: DiagnosticCode, _ message: String, at range: Range<Int>, hint: String? = nil) {
        self.code = code
        self.message = message
        self.range = range
        self.hint = hint
    }
}
