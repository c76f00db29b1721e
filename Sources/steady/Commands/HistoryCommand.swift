import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady history`: a patient's recent check-ins, or every check-in exported as CSV or JSON.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a patient's recent check-ins with sparklines of stress and pain, or export check-ins as CSV or JSON.",
        discussion: """
            Examples:
              steady history --patient p1 --days 14
              steady history --patient p1 --format csv > p1.csv
              steady history --format json > everyone.json     (every patient, every day)
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json }

    @Option(help: ArgumentHelp("The patient's id (csv and json: default every patient).", valueName: "id"))
    var patient: String?

    @Option(parsing: .unconditional, help: "How many days back, 1 to 3650 (text only; csv and json export every day).")
    var days = 30

    @Option(help: "text (a table), or csv / json (an export 'steady checkin --import' reads back).")
    var format: Format = .text

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set (default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var database: DatabaseOption

    func validate() throws {
        if let patient, !PatientID.isValid(patient) { throw ValidationError("--patient: " + PatientID.problem(patient)) }
        guard patient != nil || format != .text else { throw ValidationError("name the patient: --patient ID") }
        try Bounds.check(days, Bounds.days, "--days")
    }

    func run() throws {
        let loaded = RuleLoader().load(paths: rules.isEmpty ? ["rules"] : rules)
        guard let ruleSet = loaded.ruleSet else {
            throw Failure.diagnostics(loaded.diagnostics, files: loaded.files)
        }
        let store = try database.open(writes: false)
        let reader = StateReader(schema: ruleSet.schema)
        switch format {
        case .text: try showTable(patient!, store: store, reader: reader)
        case .csv, .json:
            let checkIns = try store.allCheckIns(patient: patient)
            guard let text = CheckInExchange.write(checkIns, format: format == .csv ? .csv : .json, reader: reader) else {
                throw Failure.message("these check-ins hold lists of instances, which CSV cannot; use --format json")
            }
            print(text, terminator: "")
        }
    }

    private func showTable(_ patient: String, store: Store, reader: StateReader) throws {
        guard let last = try store.lastCheckInDay(patient: patient) else {
            print("no check-ins for \(patient)")
            return
        }
        let checkIns = try store.checkIns(patient: patient, through: last, days: days)
        print(CheckInTable.render(patient: patient, checkIns: checkIns, last: last, days: days, reader: reader), terminator: "")
    }
}
