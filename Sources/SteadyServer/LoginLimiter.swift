import Foundation

/// Slows password guessing: after `maxFailures` failed sign-ins for one account name within
/// `window` seconds, further attempts for that name are refused until the window has passed.
actor LoginLimiter {
    static let maxFailures = 5
    static let window: TimeInterval = 15 * 60
    /// The most names tracked at once (an attacker trying many names cannot grow it without bound).
    static let maxTracked = 10_000

    private var failures: [String: [Date]] = [:]

    /// Whether `name` may try to sign in now.
    func allows(_ name: String, now: Date = Date()) -> Bool {
        recent(name, now: now).count < Self.maxFailures
    }

    func failed(_ name: String, now: Date = Date()) {
        if failures.count >= Self.maxTracked { failures = failures.filter { !recentDates($0.value, now: now).isEmpty } }
        guard failures.count < Self.maxTracked || failures[name] != nil else { return }
        failures[name] = recent(name, now: now) + [now]
    }

    func succeeded(_ name: String) { failures[name] = nil }

    private func recent(_ name: String, now: Date) -> [Date] { recentDates(failures[name] ?? [], now: now) }

    private func recentDates(_ dates: [Date], now: Date) -> [Date] { dates.filter { now.timeIntervalSince($0) < Self.window } }
}
