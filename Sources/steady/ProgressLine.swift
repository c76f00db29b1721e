import Foundation

/// "12000/100000 states" on one line of stderr, rewritten as work advances, for work long enough
/// to wait for (`total` ≥ `threshold`) and only when stderr is a terminal (so pipes and logs
/// stay clean). Safe to call from any worker.
final class ProgressLine: @unchecked Sendable {
    let total: Int
    let unit: String
    let enabled: Bool
    private let lock = NSLock()
    private var shown = 0

    init(total: Int, unit: String, threshold: Int = 10_000) {
        self.total = total
        self.unit = unit
        self.enabled = total >= threshold && isatty(2) == 1
    }

    func report(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard done >= shown + max(1, total / 100) || done == total else { return }
        shown = done
        FileHandle.standardError.write(Data("\r\(done)/\(total) \(unit)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
