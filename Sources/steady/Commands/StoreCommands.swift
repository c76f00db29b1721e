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

/// `steady checkin`: store today's state for a patient.
struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Store a patient's state for a day (checking in again the same day replaces it, keeping the earlier version).",
        discussion: """
            The state is validated exactly like a state file. Example:
              steady checkin --patient p1 --file today.yaml
            """
    )

    @Option(help: ArgumentHelp("The patient's id.", valueName: "id"))
    var patient: String

    @Option(help: ArgumentHelp("The state, a YAML or JSON file with its date.", valueName: "file"))
    var file: String

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set whose facts the state is checked against (default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var database: DatabaseOption

    func run() throws {
        let loaded = RuleLoader().load(paths: rules.isEmpty ? ["rules"] : rules)
        guard let ruleSet = loaded.ruleSet else {
            FileHandle.standardError.write(Data(DiagnosticRenderer(files: loaded.files).render(loaded.diagnostics).utf8))
            throw ExitStatus.problems.code
        }
        let read = StateReader(schema: ruleSet.schema).read(file: file)
        guard let facts = read.facts else {
            FileHandle.standardError.write(Data(DiagnosticRenderer(files: read.source.map { [$0] } ?? []).render(read.diagnostics).utf8))
            throw ExitStatus.problems.code
        }
        let store = try database.open()
        let checkIn = try storeCall { () throws(StoreError) in try store.checkIn(patient: patient, facts: facts) }
        print("checked in \(patient) for \(checkIn.day)" + (checkIn.version > 1 ? " (version \(checkIn.version), replacing the earlier one)" : ""))
    }
}

/// `steady history`: a patient's recent check-ins.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a patient's recent check-ins, with sparklines of stress and pain.",
        discussion: "Example:\n  steady history --patient p1 --days 14"
    )

    @Option(help: ArgumentHelp("The patient's id.", valueName: "id"))
    var patient: String

    @Option(help: "How many days back.")
    var days = 30

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set (default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var database: DatabaseOption

    func run() throws {
        let loaded = RuleLoader().load(paths: rules.isEmpty ? ["rules"] : rules)
        guard let ruleSet = loaded.ruleSet else { throw ExitStatus.problems.code }
        let store = try database.open()
        guard let last = try storeCall({ () throws(StoreError) in try store.lastCheckInDay(patient: patient) }) else {
            print("no check-ins for \(patient)")
            return
        }
        let checkIns = try storeCall { () throws(StoreError) in try store.checkIns(patient: patient, through: last, days: days) }
        let reader = StateReader(schema: ruleSet.schema)
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
        static let configuration = CommandConfiguration(abstract: "Print a stored plan with what made it.")
        @Argument(help: "The plan's id.") var planID: Int64
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.open()
            let stored = try storeCall { () throws(StoreError) in try store.plan(id: planID) }
            print("plan #\(stored.id) for \(stored.patient) on \(stored.day)")
            print("rule set \(stored.ruleSetHash)")
            print("firings: \(stored.firings.joined(separator: ", "))")
            print("state: \(stored.state)")
            print(stored.plan)
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
        static let configuration = CommandConfiguration(abstract: "Walk the audit chain; exit 1 at the first tampered, missing or reordered record.")
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
