import ArgumentParser
import Foundation
import SteadyServer
import SteadyStore

/// `steady user`: the accounts of `steady serve`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add server accounts and assign patients to clinicians.",
        subcommands: [Add.self, Assign.self]
    )

    /// `steady user add --role ROLE NAME`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an account; the password is read without echo (or from stdin with --password-stdin).",
            discussion: """
                Roles: patient (their own records; give --patient ID), clinician (the patients \
                assigned to them: steady user assign), auditor (the audit trail, read-only), \
                admin (everything). Passwords have at least 10 characters and are stored as \
                bcrypt hashes. The account is an audit entry.

                Examples:
                  steady user add --role admin alice
                  steady user add --role patient --patient p1 pat
                  printf '%s' "$PASSWORD" | steady user add --role clinician --password-stdin dr-lee
                """
        )

        @Argument(help: ArgumentHelp("The account name (1-64 of A-Z a-z 0-9 . _ -).", valueName: "name"))
        var name: String

        @Option(help: "patient, clinician, auditor or admin.")
        var role: String

        @Option(help: ArgumentHelp("For a patient account: the patient id their records are under.", valueName: "id"))
        var patient: String?

        @Flag(help: "Read the password from standard input (one line) instead of asking.")
        var passwordStdin = false

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard PatientID.isValid(name) else { throw ValidationError("the name: " + PatientID.problem(name)) }
            guard let role = Role(rawValue: role) else { throw ValidationError("--role is one of: patient, clinician, auditor, admin") }
            guard (role == .patient) == (patient != nil) else { throw ValidationError("--patient ID goes with --role patient, and only with it") }
            if let patient, !PatientID.isValid(patient) { throw ValidationError("--patient: " + PatientID.problem(patient)) }
        }

        func run() throws {
            let password: String
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            } else {
                guard let typed = getpass("password for \(name): ").map({ String(cString: $0) }),
                      let again = getpass("again: ").map({ String(cString: $0) }), typed == again else {
                    throw Failure.message("the two passwords differ; nothing was stored")
                }
                password = typed
            }
            if let problem = Passwords.problem(password) { throw Failure.message(problem + "; nothing was stored") }
            let store = try database.open()
            try store.addAccount(name: name, role: Role(rawValue: role)!, patient: patient, passwordHash: Passwords.hash(password))
            print("added \(role) account \(name)" + (patient.map { " for patient \($0)" } ?? ""))
        }
    }

    /// `steady user assign CLINICIAN PATIENT`.
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assign",
                                                        abstract: "Assign a patient to a clinician's account (audited).")

        @Argument(help: ArgumentHelp("The clinician's account name.", valueName: "clinician"))
        var clinician: String

        @Argument(help: ArgumentHelp("The patient id.", valueName: "patient"))
        var patient: String

        @OptionGroup var database: DatabaseOption

        func run() throws {
            try database.open().assign(patient: patient, to: clinician)
            print("assigned \(patient) to \(clinician)")
        }
    }
}
