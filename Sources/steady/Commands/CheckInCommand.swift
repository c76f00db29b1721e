import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady checkin`: store a patient's state for a day, from flags, a state file or an import.
struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Store a patient's state for a day (checking in again the same day replaces it, keeping the earlier version).",
        discussion: """
            Give the state as flags, as a state file, or import many check-ins from a CSV or JSON \
            file (the format 'steady history --format csv|json' writes). Every check-in is \
            validated exactly like a state file; an import is stored whole or not at all. A             check-in dated more than one day ahead of today is refused.

            Any safety alert the check-in raises (with the patient's profile and recent             check-ins) is printed at once, before anything else.

            Examples:
              steady checkin --patient p1 --stress 8 --pain 5 --sleep 6 --trigger deadline
              steady checkin --patient p1 --date 2026-11-30 --set work.context=desk_office --set pt.done_today=true
              steady checkin --patient p1 --file today.yaml
              steady checkin --import export.csv --patient p1
            """
    )

    @Option(help: ArgumentHelp("The patient's id (for --import: for rows without a patient column).", valueName: "id"))
    var patient: String?

    @Option(help: ArgumentHelp("The state, a YAML or JSON file with its date.", valueName: "file"))
    var file: String?

    @Option(name: .customLong("import"), help: ArgumentHelp("Check-ins to import, a .csv or .json file.", valueName: "file"))
    var importFile: String?

    @Option(help: ArgumentHelp("The day (default: today).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(parsing: .unconditional, help: "Stress today, 0-10.") var stress: String?
    @Option(parsing: .unconditional, help: "Neck pain today, 0-10.") var pain: String?
    @Option(parsing: .unconditional, help: "Fatigue today, 0-10.") var fatigue: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Hours slept last night.", valueName: "hours")) var sleep: String?
    @Option(help: ArgumentHelp("A trigger noticed today (repeat for more).", valueName: "trigger")) var trigger: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("Any other field, by its state name (repeat for more).", valueName: "name=value"))
    var assignments: [String] = []

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set whose facts the state is checked against (default: rules/).", valueName: "path"))
    var rules: [String] = []

    /// The catalog and policy, for the alerts a check-in raises.
    @OptionGroup var catalog: CatalogOption

    @OptionGroup var database: DatabaseOption

    /// The flags that set fields, with the field each sets.
    private var flagCells: [(flag: String, cell: FlatState.Cell)] {
        var cells: [(String, FlatState.Cell)] = [("--date", .init(name: Schema.dateFact, text: date ?? Day.today.description))]
        for (flag, name, text) in [("--stress", "stress", stress), ("--pain", "pain", pain), ("--fatigue", "fatigue", fatigue),
                                   ("--sleep", "sleep.hours", sleep)] {
            if let text { cells.append((flag, .init(name: name, text: text))) }
        }
        if !trigger.isEmpty { cells.append(("--trigger", .init(name: "triggers", text: trigger.joined(separator: ";")))) }
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            cells.append(("--set", .init(name: parts[0], text: parts.count == 2 ? parts[1] : "")))
        }
        return cells
    }

    func validate() throws {
        if let patient, !PatientID.isValid(patient) { throw ValidationError("--patient: " + PatientID.problem(patient)) }
        let setsFields = stress != nil || pain != nil || fatigue != nil || sleep != nil || !trigger.isEmpty || !assignments.isEmpty
        let sources = [file != nil, importFile != nil, setsFields].filter { $0 }.count
        guard sources <= 1 else { throw ValidationError("give the state one way: flags, --file or --import") }
        guard sources == 1 else { throw ValidationError("give the state: flags such as --stress 8, --file FILE, or --import FILE") }
        guard importFile != nil || patient != nil else { throw ValidationError("name the patient: --patient ID") }
        guard date.map({ Day(iso: $0) != nil }) ?? true else { throw ValidationError("--date must be YYYY-MM-DD") }
        if let day = date.flatMap({ Day(iso: $0) }), let problem = PatientDay.tooFarAhead(day) { throw ValidationError("--date: " + problem) }
        guard date == nil || (file == nil && importFile == nil) else { throw ValidationError("--date goes with flags; a file gives its own dates") }
        if let bad = assignments.first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
            throw ValidationError("--set takes name=value, got '\(bad)'")
        }
        if let importFile, CheckInExchange.Format(rawValue: URL(fileURLWithPath: importFile).pathExtension.lowercased()) == nil {
            throw ValidationError("--import reads a .csv or .json file")
        }
    }

    func run() throws {
        let loaded = RuleLoader().load(paths: rules.isEmpty ? ["rules"] : rules)
        guard let ruleSet = loaded.ruleSet else {
            throw Failure.diagnostics(loaded.diagnostics, files: loaded.files)
        }
        let reader = StateReader(schema: ruleSet.schema)
        if let importFile {
            try runImport(importFile, reader: reader)
            return
        }
        let facts: FactBase
        if let file {
            let read = reader.read(file: file)
            guard let state = read.facts else {
                throw Failure.diagnostics(read.diagnostics, files: read.source.map { [$0] } ?? [])
            }
            facts = state
        } else {
            let cells = flagCells
            let read = FlatState.read(cells.map(\.cell), reader: reader, path: "flags", line: 1)
            guard let state = read.facts else {
                let problems = read.diagnostics.filter { $0.severity == .error }.map { diagnostic in
                    let flag = cells.first { cell in diagnostic.message.contains("'\(cell.cell.name)'") }?.flag ?? "--set"
                    return "\(flag): \(diagnostic.message)\(diagnostic.hint.map { " (\($0))" } ?? "")"
                }
                throw Failure.message(problems.joined(separator: "\n"))
            }
            facts = state
        }
        if let problem = PatientDay.tooFarAhead(facts.today!) { throw Failure.message(problem) }
        let store = try database.open()
        try printAlerts(store: store, patient: patient!, facts: facts, schema: ruleSet.schema)
        let checkIn = try store.checkIn(patient: patient!, facts: facts)
        print("checked in \(checkIn.patient) for \(checkIn.day)" + (checkIn.version > 1 ? " (version \(checkIn.version), replacing the earlier one)" : ""))
    }

    private func runImport(_ path: String, reader: StateReader) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure.message("cannot read '\(path)' as UTF-8 text")
        }
        let format = CheckInExchange.Format(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())!
        let read = CheckInExchange.read(text, format: format, path: path, patient: patient, reader: reader)
        guard read.problems.isEmpty else {
            throw Failure.text(read.problems.map { $0 + "\n" }.joined()
                + "steady: nothing imported (\(read.problems.count) problem\(read.problems.count == 1 ? "" : "s"))\n")
        }
        if let (index, problem) = read.checkIns.enumerated().lazy.compactMap({ item in PatientDay.tooFarAhead(item.element.facts.today!).map { (item.offset, $0) } }).first {
            throw Failure.text("\(path): check-in \(index + 1) of \(read.checkIns.count): \(problem)\nsteady: nothing imported (1 problem)\n")
        }
        let store = try database.open()
        let stored = try store.checkIns(read.checkIns)
        let patients = Set(stored.map(\.patient)).count
        print("imported \(stored.count) check-in\(stored.count == 1 ? "" : "s") for \(patients) patient\(patients == 1 ? "" : "s")")
    }

    /// Prints the safety alerts `facts` raise for `patient` (with their profile and recent
    /// check-ins), before the check-in is stored. Without a catalog there is nothing to say
    /// which alerts exist, so it says that instead.
    private func printAlerts(store: Store, patient: String, facts: FactBase, schema: Schema) throws {
        if let missing = catalog.paths.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
            FileHandle.standardError.write(Data("steady: alerts not checked: no catalog at '\(missing)' (pass --catalog)\n".utf8))
            return
        }
        let planner = try PlanInputs.load(rules: rules.isEmpty ? ["rules"] : rules, catalog: catalog.paths).planner
        let day = try store.patientDay(patient: patient, day: facts.today!, schema: schema, checkIn: facts)
        let plan = try planner.plan(for: day.facts, profile: day.profile)
        print(PlanRenderer(style: .text).renderAlerts(plan), terminator: "")
    }
}
