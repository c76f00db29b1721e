import Foundation
import Hummingbird
import SteadyEngine
import SteadyStore

extension SteadyService {
    /// `PUT /api/v1/plans/{plan}/items/{action}/marks` with `{"done": true, "helpful": false, ...}`:
    /// the patient sets or clears their marks on an item of their own plan. Each change is
    /// stored with its audit entry; the answer is the item's marks now.
    func updateMarks(_ request: Request, _ context: ServerContext) async throws -> Response {
        let (acting, stored) = try ownPlan(context)
        let action: String = try context.parameters.require("action")
        let body = try await JSONResponse.object(request, context: context)
        var changes: [Mark: Bool] = [:]
        for (key, value) in body {
            guard let mark = Mark(rawValue: key), StateObject.isBoolean(value), let on = value as? Bool else {
                throw Problem.badRequest("send the marks to change as {\"done\": true, \"helpful\": false, \"not_for_me\": false}; '\(key)' is not one")
            }
            changes[mark] = on
        }
        guard !changes.isEmpty else { throw Problem.badRequest("send at least one mark: done, helpful or not_for_me, with true or false") }
        guard changes[.helpful] != true || changes[.notForMe] != true else {
            throw Problem.badRequest("an item is either helpful or not for you, not both")
        }
        let marks = try acting.setMarks(changes, action: action, planID: stored.id)
        return try JSONResponse.make(Self.marksJSON(stored, action: action, marks: marks[action] ?? []))
    }

    /// `GET /api/v1/plans/{plan}/marks`: the marks of the plan's day, by action.
    func getMarks(_ context: ServerContext) async throws -> Response {
        let (_, acting, stored) = try visiblePlan(context)
        let marks = try acting.marks(patient: stored.patient, day: stored.day)
        try await acting.logAccess(actor: acting.actor, action: "read marks", patient: stored.patient, ref: String(stored.id))
        return try JSONResponse.make(["plan": stored.id, "date": stored.day.description,
                                      "marks": marks.mapValues { $0.map(\.rawValue).sorted() }])
    }

    /// A stored plan of the signed-in patient's own (marks speak for the patient: no other
    /// role sets them); another patient's plan is "not found".
    func ownPlan(_ context: ServerContext) throws -> (Store, StoredPlan) {
        let account = try require(context, [.patient])
        let (_, acting, stored) = try visiblePlan(context)
        guard stored.patient == account.patient else { throw Problem.notFound("no plan \(stored.id)") }
        return (acting, stored)
    }

    static func marksJSON(_ stored: StoredPlan, action: String, marks: Set<Mark>) -> [String: Any] {
        ["plan": stored.id, "date": stored.day.description, "action": action, "marks": marks.map(\.rawValue).sorted()]
    }
}
