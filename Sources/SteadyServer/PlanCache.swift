import Foundation
import SteadyEngine

/// The rendered JSON of recently read plans, by stored plan id, with the profile use each was
/// made with: reading today's plan again, on the same inputs, costs no planning. Bounded: when
/// full, it starts again empty (plans are cheap to make again; memory stays flat).
final class PlanCache: @unchecked Sendable {
    static let capacity = 10_000
    private var entries: [Int64: (profile: Profile.Use, json: String)] = [:]
    private let lock = NSLock()

    /// The JSON of plan `id`, if cached for the same profile use.
    func json(for id: Int64, profile: Profile.Use) -> String? {
        lock.withLock { entries[id].flatMap { $0.profile == profile ? $0.json : nil } }
    }

    func store(_ json: String, for id: Int64, profile: Profile.Use) {
        lock.withLock {
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = (profile, json)
        }
    }
}
