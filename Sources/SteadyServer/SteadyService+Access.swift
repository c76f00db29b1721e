import Foundation
import Hummingbird
import SteadyStore

extension SteadyService {
    /// The store acting as the signed-in account, once the account may reach `patient`'s
    /// records: a patient their own, a clinician the patients assigned to them, an admin all.
    /// Anything else is 403 (an auditor reads the audit trail, not the records).
    func patientStore(_ context: ServerContext, patient: String) throws -> (Account, Store) {
        let account = try context.requireAccount()
        guard PatientID.isValid(patient) else { throw Problem.badRequest(PatientID.problem(patient)) }
        switch account.role {
        case .patient where account.patient == patient, .admin:
            break
        case .clinician where try store.isAssigned(patient: patient, to: account.name):
            break
        case .patient:
            throw Problem.forbidden("a patient account reaches only its own records")
        case .clinician:
            throw Problem.forbidden("this patient is not assigned to you")
        case .auditor:
            throw Problem.forbidden("an auditor reads the audit trail (/api/v1/audit), not patients' records")
        }
        return (account, store.acting(as: account.name))
    }

    /// The signed-in account, if its role is one of `roles`; else 403.
    func require(_ context: ServerContext, _ roles: Set<Role>) throws -> Account {
        let account = try context.requireAccount()
        guard roles.contains(account.role) else {
            throw Problem.forbidden("this needs the role " + roles.map(\.rawValue).sorted().joined(separator: " or "))
        }
        return account
    }

    /// A route's `{patient}` parameter.
    func patientParameter(_ context: ServerContext) throws -> String {
        try context.parameters.require("patient")
    }

    /// A stored plan the account may see: its patient's records, or any plan for an auditor.
    /// A plan the account may not see is "not found", so ids do not reveal other patients' plans.
    func visiblePlan(_ context: ServerContext) throws -> (Account, Store, StoredPlan) {
        let account = try context.requireAccount()
        guard let id = context.parameters.get("plan", as: Int64.self), id > 0 else { throw Problem.badRequest("a plan id is a whole number") }
        let notFound = Problem.notFound("no plan \(id)")
        guard let stored = try store.storedPlan(id: id) else { throw notFound }
        if account.role == .auditor { return (account, store.acting(as: account.name), stored) }
        guard let (_, acting) = try? patientStore(context, patient: stored.patient) else { throw notFound }
        return (account, acting, stored)
    }
}
