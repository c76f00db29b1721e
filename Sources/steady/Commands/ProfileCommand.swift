import ArgumentParser
import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules
import SteadyStore

/// `steady profile`: show or change a patient's standing facts.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Show or change a patient's profile: the standing facts that carry forward from day to day.",
        discussion: """
            Standing facts (the rule set marks them 'standing: true': the last injection, the \
            usual interval, the home programme, the work context, ...) are set once and used \
            for every day's plan until they change; a day's check-in overrides them. A value \
            older than its fact's 'max_age_days' is not used, and the plan says so. Each change \
            is a new version of the profile, kept with its audit entry.

            Examples:
              steady profile --patient p1
              steady profile --patient p1 --set bont.last_injection=2026-11-19 --set bont.usual_interval_weeks=12
              steady profile --patient p1 --unset work.accommodation
              steady profile --patient p1 --history
            """
    )

    @Option(help: ArgumentHelp("The patient's id.", valueName: "id"))
    var patient: String

    @Option(name: .customLong("set"), help: ArgumentHelp("A standing fact to set, by its state name (repeat for more).", valueName: "name=value"))
    var assignments: [String] = []

    @Option(name: .customLong("unset"), help: ArgumentHelp("A standing fact to clear (repeat for more).", valueName: "name"))
    var removals: [String] = []

    @Option(help: ArgumentHelp("The day the change holds from (default: today; at most one day ahead).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Flag(help: "List every version of the profile, newest first.")
    var history = false

    @Option(name: .customLong("rules"), help: ArgumentHelp("The rule set whose standing facts the profile holds (default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var database: DatabaseOption

    func validate() throws {
        guard PatientID.isValid(patient) else { throw ValidationError("--patient: " + PatientID.problem(patient)) }
        guard let day = date.map({ Day(iso: $0) }) ?? Day.today else { throw ValidationError("--date must be YYYY-MM-DD") }
        guard day.daysSinceEpoch <= Day.today.daysSinceEpoch + 1 else {
            throw ValidationError("--date \(day) is more than one day ahead; a profile records what holds now")
        }
        guard !history || (assignments.isEmpty && removals.isEmpty) else { throw ValidationError("--history only lists; change the profile without it") }
        if let bad = assignments.first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
            throw ValidationError("--set takes name=value, got '\(bad)'")
        }
    }

    func run() throws {
        let loaded = RuleLoader(lints: false).load(paths: rules.isEmpty ? ["rules"] : rules)
        guard let ruleSet = loaded.ruleSet else { throw Failure.diagnostics(loaded.diagnostics, files: loaded.files) }
        let schema = ruleSet.schema
        let words = FactWords(schema: schema)
        let reader = StateReader(schema: schema)
        let day = date.flatMap { Day(iso: $0) } ?? Day.today
        let changing = !assignments.isEmpty || !removals.isEmpty
        let store = try database.open(writes: changing)
        if history {
            let versions = try store.profileHistory(patient: patient)
            guard !versions.isEmpty else { throw Failure.message("\(patient) has no profile yet; set one with --set") }
            for version in versions {
                print("version \(version.version), from \(version.day):")
                print(Self.render(version.profile(reader: reader), words: words, today: day), terminator: "")
            }
            return
        }
        let current = try store.profile(patient: patient, on: day)
        var profile = Profile()
        if let current {
            // A version this rule set cannot read is reported, never silently replaced by an empty one.
            guard let read = current.profile(reader: reader) else {
                throw Failure.message("version \(current.version) of the profile of \(patient) does not fit rule set '\(ruleSet.name)' (a fact renamed or removed?)")
            }
            profile = read
        }
        guard changing else {
            guard current != nil else { throw Failure.message("\(patient) has no profile yet; set one with --set") }
            print(Self.render(profile, words: words, today: day), terminator: "")
            return
        }
        let names = removals + assignments.map { String($0.prefix { $0 != "=" }) }
        if let name = Profile.notStanding(names, schema: schema).first {
            let standing = schema.facts.values.filter(\.isStanding).map(\.name).sorted()
            throw Failure.message("'\(name)' is not a standing fact; standing facts: \(standing.joined(separator: ", "))"
                                  + (schema.facts[name] != nil ? " (report '\(name)' in a check-in instead)" : ""))
        }
        var values: [String: Value] = [:]
        if !assignments.isEmpty {
            let cells = [FlatState.Cell(name: Schema.dateFact, text: day.description)] + assignments.map { assignment in
                let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                return FlatState.Cell(name: parts[0], text: parts[1])
            }
            let read = FlatState.read(cells, reader: reader, path: "--set", line: 1)
            guard let facts = read.facts else {
                throw Failure.message(read.diagnostics.filter { $0.severity == .error }
                    .map { "--set: \($0.message)\($0.hint.map { " (\($0))" } ?? "")" }.joined(separator: "\n"))
            }
            values = facts.values.filter { $0.key != Schema.dateFact }
        }
        profile = profile.changed(setting: values, removing: removals, on: day)
        let stored = try store.saveProfile(patient: patient, day: day, profile: profile)
        print("saved version \(stored.version) of the profile of \(patient), holding from \(day)")
        print(Self.render(profile, words: words, today: day), terminator: "")
    }

    /// One line per standing fact: its words, value, the day it was set, and whether it is too
    /// old to use on `today`.
    static func render(_ profile: Profile?, words: FactWords, today: Day) -> String {
        guard let profile else { return "  (this version does not fit the rule set)\n" }
        guard !profile.values.isEmpty else { return "  (empty)\n" }
        return profile.values.keys.sorted().map { name in
            let since = profile.since[name]
            let age = since.map { today.daysSinceEpoch - $0.daysSinceEpoch }
            let maxAge = words.schema.facts[name]?.maxAgeDays
            let stale = (age ?? 0) > (maxAge ?? Int.max) ? "  — too old to use (over \(maxAge!) days); set it again" : ""
            return "  \(name) = \(words.value(profile.values[name]!, of: name))  (\(words.name(name)); set \(since?.description ?? "?"))\(stale)\n"
        }.joined()
    }
}
