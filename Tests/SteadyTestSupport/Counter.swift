import Foundation

/// Counts across property-check iterations (which may run concurrently).
public final class Counter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    public init() {}

    public func increment() { lock.lock(); count += 1; lock.unlock() }

    public var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
