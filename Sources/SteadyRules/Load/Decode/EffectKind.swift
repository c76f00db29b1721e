/// The kinds of effect a rule's `then` may list, each with the keys its mapping allows and
/// needs. The decoder and the editor schema both read these lists.
enum EffectKind: String, CaseIterable, Sendable {
    case derive, recommend, suppress, alert

    /// Every key an effect of this kind may have (its kind's own key first).
    var keys: [String] {
        switch self {
        case .derive: ["derive", "value", "fields"]
        case .recommend: ["recommend", "priority", "reason"]
        case .suppress: ["suppress", "reason"]
        case .alert: ["alert", "message", "action"]
        }
    }

    /// The keys an effect of this kind must have besides its kind's own.
    var required: [String] {
        switch self {
        case .suppress: ["reason"]
        case .alert: ["message"]
        case .derive, .recommend: []
        }
    }
}
