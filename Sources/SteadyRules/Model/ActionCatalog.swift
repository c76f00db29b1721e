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

    /// The action's fields in one shared object: an action is copied into every plan item and
    /// left-out action of every plan, and a copy then costs one reference count, not one per field.
    private final class Fields: Sendable {
        let id: String
        let title: String
        let category: Category
        let minutes: Int
        let slot: Slot
        let steps: [String]
        let contraindications: [Contraindication]
        let evidence: [Citation]
        let reviewed: Day?
        let restDays: Int?
        let group: String?
        let span: SourceSpan

        init(id: String, title: String, category: Category, minutes: Int, slot: Slot, steps: [String],
             contraindications: [Contraindication], evidence: [Citation], reviewed: Day?, restDays: Int?, group: String?,
             span: SourceSpan) {
            (self.id, self.title, self.category, self.minutes, self.slot, self.steps) = (id, title, category, minutes, slot, steps)
            (self.contraindications, self.evidence, self.reviewed, self.restDays) = (contraindications, evidence, reviewed, restDays)
            (self.group, self.span) = (group, span)
        }
    }

    private let fields: Fields

    init(id: String, title: String, category: Category, minutes: Int, slot: Slot, steps: [String],
         contraindications: [Contraindication], evidence: [Citation], reviewed: Day?, restDays: Int?, group: String?,
         span: SourceSpan) {
        fields = Fields(id: id, title: title, category: category, minutes: minutes, slot: slot, steps: steps,
                        contraindications: contraindications, evidence: evidence, reviewed: reviewed, restDays: restDays,
                        group: group, span: span)
    }

    public var id: String { fields.id }
    public var title: String { fields.title }
    public var category: Category { fields.category }
    public var minutes: Int { fields.minutes }
    public var slot: Slot { fields.slot }
    public var steps: [String] { fields.steps }
    public var contraindications: [Contraindication] { fields.contraindications }
    public var evidence: [Citation] { fields.evidence }
    /// The day a clinician last reviewed the action (see ``Rule/reviewed``).
    public var reviewed: Day? { fields.reviewed }
    /// After being in a plan, the action rests this many days (it is left out of the plans of
    /// the next `restDays` days), so the week's plans vary. Nil: no rest.
    public var restDays: Int? { fields.restDays }
    /// Actions of one group exclude each other: a plan holds at most one (the highest in
    /// priority), e.g. `heat` for the heat pack and heat before stretching.
    public var group: String? { fields.group }
    /// Where the action's id is written.
    public var span: SourceSpan { fields.span }

    /// Equal when every field is (two loads of one catalog give equal actions).
    public static func == (lhs: CatalogAction, rhs: CatalogAction) -> Bool {
        let (a, b) = (lhs.fields, rhs.fields)
        return a === b || (a.id, a.title, a.category, a.minutes, a.slot, a.steps) == (b.id, b.title, b.category, b.minutes, b.slot, b.steps)
            && a.contraindications == b.contraindications && a.evidence == b.evidence && a.reviewed == b.reviewed
            && a.restDays == b.restDays && a.group == b.group && a.span == b.span
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(title)
        hasher.combine(category)
        hasher.combine(minutes)
        hasher.combine(slot)
        hasher.combine(steps)
        hasher.combine(contraindications)
        hasher.combine(evidence)
        hasher.combine(reviewed)
        hasher.combine(restDays)
        hasher.combine(group)
        hasher.combine(span)
    }
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
