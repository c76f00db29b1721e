import Foundation

/// What a clinician did with a CDS Hooks card, as the EHR reports it to the feedback endpoint.
public struct CardFeedback: Sendable, Equatable {
    /// The card's `uuid`.
    public let card: String
    /// `accepted` or `overridden`.
    public let outcome: String
    /// The override reason's code or the clinician's comment, when given (no patient data is asked for).
    public let reason: String

    public init(card: String, outcome: String, reason: String) {
        (self.card, self.outcome, self.reason) = (card, outcome, reason)
    }
}

extension Store {
    /// Stores each feedback as a row with its audit entry, all in one transaction.
    public func storeFeedback(_ feedback: [CardFeedback]) async throws(StoreError) {
        let actor = self.actor
        try await write { db in
            for item in feedback {
                let time = Self.timestamp()
                let id = try db.insert("INSERT INTO cds_feedback (time, actor, card, outcome, reason) VALUES (?, ?, ?, ?, ?)",
                                       [time, actor, item.card, item.outcome, item.reason])
                try self.appendAudit(db, kind: .cdsFeedback, ref: String(id), fields: [String(id), time, actor, item.card, item.outcome, item.reason])
            }
        }
    }

    /// Every stored feedback on `card`, oldest first.
    public func feedback(card: String) throws(StoreError) -> [CardFeedback] {
        try read { db in
            try db.fetchAll("SELECT card, outcome, reason FROM cds_feedback WHERE card = ? ORDER BY id", [card]).compactMap { row in
                Self.texts(row, ["card", "outcome", "reason"]).map { CardFeedback(card: $0[0], outcome: $0[1], reason: $0[2]) }
            }
        }
    }

    static func feedbackFields(_ row: SQLRow) -> [String]? { texts(row, ["id", "time", "actor", "card", "outcome", "reason"]) }
}
