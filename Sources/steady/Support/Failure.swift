import SteadyRules

/// A problem that ends a command with exit code 1. Commands throw it (or a library's
/// `StoreError` / `EngineError`); ``Steady/main()`` is the one place that renders it.
enum Failure: Error {
    /// Diagnostics of the given files (rendered with file:line:column, excerpt and hint).
    case diagnostics([Diagnostic], files: [SourceFile])
    /// Plain sentences, one a line, each written as `steady: ...`.
    case message(String)
    /// Lines written as they are (a report that ends in a failure).
    case text(String)
}
