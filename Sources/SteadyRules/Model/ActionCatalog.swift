/// One action a plan can contain: a self-management step with its time, slot and guards.
///
/// ```yaml
/// - id: breathing_diaphragmatic
///   title: Paced belly breathing
///   category: mind
///   minutes: 5
///   slot: any
///   steps: ["Sit supported", "Breathe in for 4, out for 6"]
///   contraindications: []
///   evidence: ["CD physiotherapy leaflet"]
/// ```
public struct CatalogAction: Sendable, Hashable {
    public enum Category: String, Sendable, Hashable, CaseIterable, Codable {
        case mind, body, social, work, medical, safety
    }

    public enum Slot: String, Sendable, Hashable, CaseIterable, Codable {
        case morning, midday, evening, any
    }

    /// A condition under which the action must not be suggested, and why.
    public struct Contraindication: Sendable, Hashable {
        public let condition: CheckedExpr
        public let reason: String?
    }

    public let id: String
    public let title: String
    public let category: Category
    public let minutes: Int
    public let slot: Slot
    public let steps: [String]
    public let contraindications: [Contraindication]
    public let evidence: [Citation]
    /// The day a clinician last reviewed the action (see ``Rule/reviewed``).
    public let reviewed: Day?
    /// After being in a plan, the action rests this many days (it is left out of the plans of
    /// the next `restDays` days), so the week's plans vary. Nil: no rest.
    public let restDays: Int?
    /// Actions of one group exclude each other: a plan holds at most one (the highest in
    /// priority), e.g. `heat` for the heat pack and heat before stretching.
    public let group: String?
    /// Where the action's id is written.
    public let span: SourceSpan
}

/// The action catalog: every action a rule may recommend, suppress or attach to an alert.
public struct ActionCatalog: Sendable, Hashable {
    public let name: String
    public let version: String
    /// Sorted by id.
    public let actions: [CatalogAction]
    public let files: [String]
    /// `sha256:` hash of the files' texts, independent of file order and location.
    public let contentHash: String

    /// The action with `id` (a binary search: `actions` is sorted by id).
    public func action(_ id: String) -> CatalogAction? { actions.sortedElement(\.id, equalTo: id) }
}
