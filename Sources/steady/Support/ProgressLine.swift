import Foundation

/// "12000/100000 states" on one line of stderr, rewritten as work advances, for work long enough
/// to wait for (a total of at least `threshold`) and only when stderr is a terminal (so pipes and
/// logs stay clean). Safe to call from any worker.
final class ProgressLine: @unchecked Sendable {
    let unit: String
    let threshold: Int
    private let terminal = isatty(2) == 1
    private let lock = NSLock()
    private var shown: Int?

    init(unit: String, threshold: Int = 10_000) {
        self.unit = unit
        self.threshold = threshold
    }

    /// `done` of `total` are done (the total may be known only once the work has started).
    func report(_ done: Int, of total: Int) {
        guard terminal, total >= threshold else { return }
        lock.lock()
        defer { lock.unlock() }
        guard done >= (shown ?? 0) + max(1, total / 100) || done == total else { return }
        shown = done
        FileHandle.standardError.write(Data("\r\(done)/\(total) \(unit)".utf8))
    }

    /// Ends the line, if anything was shown.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown != nil { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
