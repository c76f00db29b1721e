import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// Where the database is: `--db`, else `$STEADY_DB`, else `~/.steady/steady.sqlite`.
struct DatabaseOption: ParsableArguments {
    @Option(help: ArgumentHelp("The database file (default: $STEADY_DB, else ~/.steady/steady.sqlite).", valueName: "file"))
    var db: String?

    init() {}

    init(db: String) { self.db = db }

    func open() throws -> Store {
        do {
            return try Store(path: db ?? Store.defaultPath())
        } catch {
            FileHandle.standardError.write(Data("steady: \(error)\n".utf8))
            throw ExitStatus.problems.code
        }
    }
}

/// Runs a store call; a store error becomes a message and exit code 1.
func storeCall<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        FileHandle.standardError.write(Data("steady: \(error)\n".utf8))
        throw ExitStatus.problems.code
    }
}

extension Day {
    /// Today in the machine's time zone.
    static var today: Day {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return Day(iso: String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))!
    }
}

/// `steady checkin`: store a patient's state for a day, from flags, a state file or an import.
struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Store a patient's state for a day (checking in again the same day replaces it, keeping the earlier version).",
        discussion: """
            Give the state as flags, as a state file, or import many check-ins from a CSV or JSON \
            file (the format 'steady history --format csv|json' writes). Every check-in is \
            validated exactly like a state file; an import is stored whole or not at all.

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

    @Option(help: "Stress today, 0-10.") var stress: String?
    @Option(help: "Neck pain today, 0-10.") var pain: String?
    @Option(help: "Fatigue today, 0-10.") var fatigue: String?
    @Option(help: ArgumentHelp("Hours slept last night.", valueName: "hours")) var sleep: String?
    @Option(help: ArgumentHelp("A trigger noticed today (repeat for more).", valueName: "trigger")) var trigger: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("Any other field, by its state name (repeat for more).", valueName: "name=value"))
    var assignments: [String] = []

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set whose facts the state is checked against (default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var database: DatabaseOption

    /// The flags that set fields, with the field each sets.
    private var flagCells: [(flag: String, cell: FlatState.Cell)] {
        var cells: [(String, FlatState.Cell)] = [("--date", .init(name: "date", text: date ?? Day.today.description))]
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
        let setsFields = stress != nil || pain != nil || fatigue != nil || sleep != nil || !trigger.isEmpty || !assignments.isEmpty
        let sources = [file != nil, importFile != nil, setsFields].filter { $0 }.count
        guard sources <= 1 else { throw ValidationError("give the state one way: flags, --file or --import") }
        guard sources == 1 else { throw ValidationError("give the state: flags such as --stress 8, --file FILE, or --import FILE") }
        guard importFile != nil || patient != nil else { throw ValidationError("name the patient: --patient ID") }
        guard date.map({ Day(iso: $0) != nil }) ?? true else { throw ValidationError("--date must be YYYY-MM-DD") }
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
            FileHandle.standardError.write(Data(DiagnosticRenderer(files: loaded.files).render(loaded.diagnostics).utf8))
            throw ExitStatus.problems.code
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
                FileHandle.standardError.write(Data(DiagnosticRenderer(files: read.source.map { [$0] } ?? []).render(read.diagnostics).utf8))
                throw ExitStatus.problems.code
            }
            facts = state
        } else {
            let cells = flagCells
            let read = FlatState.read(cells.map(\.cell), reader: reader, path: "flags", line: 1)
            guard let state = read.facts else {
                for diagnostic in read.diagnostics where diagnostic.severity == .error {
                    let flag = cells.first { cell in diagnostic.message.contains("'\(cell.cell.name)'") }?.flag ?? "--set"
                    FileHandle.standardError.write(Data("steady: \(flag): \(diagnostic.message)\(diagnostic.hint.map { " (\($0))" } ?? "")\n".utf8))
                }
                throw ExitStatus.problems.code
            }
            facts = state
        }
        let store = try database.open()
        let checkIn = try storeCall { () throws(StoreError) in try store.checkIn(patient: patient!, facts: facts) }
        print("checked in \(checkIn.patient) for \(checkIn.day)" + (checkIn.version > 1 ? " (version \(checkIn.version), replacing the earlier one)" : ""))
    }

    private func runImport(_ path: String, reader: StateReader) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            FileHandle.standardError.write(Data("steady: cannot read '\(path)' as UTF-8 text\n".utf8))
            throw ExitStatus.problems.code
        }
        let format = CheckInExchange.Format(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())!
        let read = CheckInExchange.read(text, format: format, path: path, patient: patient, reader: reader)
        guard read.problems.isEmpty else {
            read.problems.forEach { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
            FileHandle.standardError.write(Data("steady: nothing imported (\(read.problems.count) problem\(read.problems.count == 1 ? "" : "s"))\n".utf8))
            throw ExitStatus.problems.code
        }
        let store = try database.open()
        let stored = try storeCall { () throws(StoreError) in try store.checkIns(read.checkIns) }
        let patients = Set(stored.map(\.patient)).count
        print("imported \(stored.count) check-in\(stored.count == 1 ? "" : "s") for \(patients) patient\(patients == 1 ? "" : "s")")
    }
}

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

    @Option(help: "How many days back (text only; csv and json export every day).")
    var days = 30

    @Option(help: "text (a table), or csv / json (an export 'steady checkin --import' reads back).")
    var format: Format = .text

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set (default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var database: DatabaseOption

    func validate() throws {
        guard patient != nil || format != .text else { throw ValidationError("name the patient: --patient ID") }
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
    }

    func run() throws {
        let loaded = RuleLoader().load(paths: rules.isEmpty ? ["rules"] : rules)
        guard let ruleSet = loaded.ruleSet else {
            FileHandle.standardError.write(Data(DiagnosticRenderer(files: loaded.files).render(loaded.diagnostics).utf8))
            throw ExitStatus.problems.code
        }
        let store = try database.open()
        let reader = StateReader(schema: ruleSet.schema)
        switch format {
        case .text: try showTable(patient!, store: store, reader: reader)
        case .csv, .json:
            let checkIns = try storeCall { () throws(StoreError) in try store.allCheckIns(patient: patient) }
            guard let text = CheckInExchange.write(checkIns, format: format == .csv ? .csv : .json, reader: reader) else {
                FileHandle.standardError.write(Data("steady: these check-ins hold lists of instances, which CSV cannot; use --format json\n".utf8))
                throw ExitStatus.problems.code
            }
            print(text, terminator: "")
        }
    }

    private func showTable(_ patient: String, store: Store, reader: StateReader) throws {
        guard let last = try storeCall({ () throws(StoreError) in try store.lastCheckInDay(patient: patient) }) else {
            print("no check-ins for \(patient)")
            return
        }
        let checkIns = try storeCall { () throws(StoreError) in try store.checkIns(patient: patient, through: last, days: days) }
        var byDay: [Int: [String: Value]] = [:]
        for checkIn in checkIns {
            byDay[checkIn.day.daysSinceEpoch] = reader.read(jsonLine: Data(checkIn.state.utf8), path: "check-in", line: 1).facts?.values
        }
        let window = ((last.daysSinceEpoch - days + 1)...last.daysSinceEpoch)
        func spark(_ fact: String) -> String {
            String(window.map { day -> Character in
                guard let number = byDay[day]?[fact]?.numeric else { return "·" }
                return Array("▁▂▃▄▅▆▇█")[min(7, Int(number / 10 * 7.99))]
            })
        }
        print("\(patient): \(checkIns.count) check-ins in the \(days) days to \(last)")
        print("stress \(spark("stress"))")
        print("pain   \(spark("pain"))")
        print("")
        print("date        stress  pain  sleep  fatigue")
        for checkIn in checkIns {
            let values = byDay[checkIn.day.daysSinceEpoch] ?? [:]
            func cell(_ fact: String, _ width: Int) -> String {
                let text = values[fact].map { $0.description } ?? "-"
                return String(repeating: " ", count: max(0, width - text.count)) + text
            }
            print("\(checkIn.day)  \(cell("stress", 6))  \(cell("pain", 4))  \(cell("sleep.hours", 5))  \(cell("fatigue", 7))")
        }
    }
}

/// `steady audit`: show, replay and verify stored plans.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show a stored plan, replay it on its stored rules and state, or verify the audit chain.",
        subcommands: [Show.self, ReplayCommand.self, Verify.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a stored plan with why each item is in it, re-derived from its stored rule-set snapshot and inputs.",
            discussion: """
                The explanations come from replaying the plan on what was stored with it; the header \
                says whether the replay is identical to the stored plan and trace. --format json \
                prints the stored record itself: state, history, plan and full trace.
                """)
        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Argument(help: "The plan's id.") var planID: Int64
        @Option(help: "text (plan and explanations) or json (the stored record).") var format: Format = .text
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.open()
            let stored = try storeCall { () throws(StoreError) in try store.plan(id: planID) }
            if format == .json {
                print("{\"id\": \(stored.id), \"patient\": \(quoted(stored.patient)), \"day\": \"\(stored.day)\", \"ruleset_hash\": \"\(stored.ruleSetHash)\",")
                print("\"state\": \(stored.state),\n\"history\": \(stored.history),\n\"plan\": \(stored.plan),\n\"trace\": \(stored.trace.isEmpty ? "null" : stored.trace)}")
                return
            }
            let replay = try storeCall { () throws(StoreError) in try store.replay(planID: planID) }
            print("plan #\(stored.id) for \(stored.patient) on \(stored.day)")
            print("rule set \(replay.ruleSet.name) \(replay.ruleSet.version) \(stored.ruleSetHash)")
            print(replay.identical ? "replay: identical to the stored plan and trace"
                : "replay: DIFFERS from the stored record (steady audit replay \(planID) lists how); the stored plan:\n\(stored.plan)")
            print("")
            print(PlanRenderer(style: .text).render(replay.plan), terminator: "")
            let explainer = Explainer(ruleSet: replay.ruleSet, plan: replay.plan, run: replay.run)
            for item in replay.plan.items {
                print("")
                print(ExplanationRenderer(audience: .auditor, plan: replay.plan).render(explainer.why(item.action)), terminator: "")
            }
        }

        private func quoted(_ text: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
        }
    }

    struct ReplayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "replay",
            abstract: "Re-run a stored plan on its stored rule-set snapshot, state and history; exit 1 if anything differs.")
        @Argument(help: "The plan's id.") var planID: Int64
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.open()
            let replay = try storeCall { () throws(StoreError) in try store.replay(planID: planID) }
            if replay.identical {
                print("plan #\(planID): replay identical")
            } else {
                print("plan #\(planID): replay differs")
                replay.differences.forEach { print($0) }
                throw ExitStatus.problems.code
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Walk the audit chain; exit 1 at the first tampered, missing or reordered record.")
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.open()
            let result = try storeCall { () throws(StoreError) in try store.verifyAudit() }
            if let problem = result.problem {
                print("audit chain broken: \(problem)")
                throw ExitStatus.problems.code
            }
            print("audit chain intact: \(result.entries) entries")
        }
    }
}
