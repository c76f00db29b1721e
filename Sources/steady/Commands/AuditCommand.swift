import ArgumentParser
import Foundation
import SteadyPlan
import SteadyStore

/// `steady audit`: show, replay, verify and export stored plans.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show a stored plan, replay it on its stored rules and state, export it, or verify the audit chain.",
        discussion: """
            Examples:
              steady audit show 12
              steady audit replay 12
              steady audit verify                              (prints the head: write it down)
              steady audit verify --expect-head 120:3f9a...    (fails if the chain was cut back or rewritten)
              steady audit export 12 > plan-12.json
              steady audit verify --record plan-12.json        (later, without the database)
            """,
        subcommands: [Show.self, ReplayCommand.self, Verify.self, Export.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a stored plan with why each item is in it, re-derived from its stored snapshot and inputs.",
            discussion: """
                The explanations come from replaying the plan on what was stored with it; the header \
                says whether the replay is identical to the stored record and trace. --format json \
                prints what is stored: state, history, plan record and full trace.
                """)

        @Argument(help: "The plan's id.") var planID: Int64
        @Option(help: "text (plan and explanations) or json (the stored record).") var format: OutputFormat = .text
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let store = try database.open(writes: false)
            let stored = try store.plan(id: planID)
            if format == .json {
                print(AuditExport.stored(stored))
                return
            }
            let replay = try store.replay(planID: planID)
            let planned = replay.planned
            print("plan #\(stored.id) for \(stored.patient) on \(stored.day)")
            print("rule set \(planned.ruleSet.name) \(planned.ruleSet.version), snapshot \(stored.snapshotHash)")
            print(replay.identical ? "replay: identical to the stored record and trace"
                : "replay: DIFFERS from the stored record (steady audit replay \(planID) lists how)")
            print("")
            print(PlanRenderer(style: .text).render(planned.plan), terminator: "")
            for item in planned.plan.items {
                print("")
                print(ExplanationRenderer(audience: .auditor, plan: planned.plan).render(planned.explainer.why(item.action)), terminator: "")
            }
        }
    }

    struct ReplayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "replay",
            abstract: "Re-run a stored plan on its stored snapshot, state and history; name every field that differs (exit 1).")
        @Argument(help: "The plan's id.") var planID: Int64
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let replay = try database.open(writes: false).replay(planID: planID)
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
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Walk the audit chain (exit 1 at the first tampered, missing or reordered entry), or check an exported record.",
            discussion: """
                Prints the head (entry count and last hash): write it down, and --expect-head \
                COUNT:HASH later fails if entries up to there were deleted or rewritten. With the \
                audit key, every entry's authentication code is checked; without it, only that \
                the chain is consistent (someone who can write the database could rewrite it).
                """)

        @Option(help: ArgumentHelp("A head written down earlier; fail if the chain no longer reaches it unchanged.", valueName: "count:hash"))
        var expectHead: String?

        @Option(help: ArgumentHelp("Check a record 'steady audit export' wrote, instead of the database.", valueName: "file"))
        var record: String?

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            if let expectHead, parsedHead(expectHead) == nil { throw ValidationError("--expect-head takes COUNT:HASH, as verify printed it") }
        }

        private func parsedHead(_ text: String) -> (entries: Int, hash: String)? {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let count = Int(parts[0]), count >= 1, parts[1].count == 64,
                  parts[1].allSatisfy(\.isHexDigit) else { return nil }
            return (count, parts[1].lowercased())
        }

        func run() throws {
            let key = try AuditKey.load(path: database.auditKeyPath)
            if let record {
                guard let data = FileManager.default.contents(atPath: record) else { throw Failure.message("cannot read '\(record)'") }
                let check = AuditExport.verify(data, key: key)
                print(check.problem.map { "record broken: \($0)" } ?? "record intact: plan #\(check.planID ?? 0), audit entry #\(check.entry ?? 0)"
                      + (key == nil ? " (integrity only: no audit key at \(database.auditKeyPath), authenticity not checked)" : ", authenticated"))
                if check.problem != nil { throw ExitStatus.problems.code }
                return
            }
            let result = try database.open(writes: false).verifyAudit(expectedHead: expectHead.flatMap(parsedHead))
            if let problem = result.problem {
                print("audit chain broken: \(problem)")
                throw ExitStatus.problems.code
            }
            print("audit chain intact: \(result.entries) entries" + (result.legacyEntries > 0
                ? " (\(result.legacyEntries) from before keyed entries, hash-chained only)" : ""))
            print("head: \(result.entries):\(result.head)")
            if !result.authenticated {
                print("integrity only: no audit key at \(database.auditKeyPath), so authenticity was not checked")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a stored plan as a self-contained JSON record an auditor can keep and check later with 'verify --record'.",
            discussion: """
                The record holds the stored columns exactly (plan record, state, history, snapshot \
                hash, trace) and the plan's audit entry (position, time, actor, hashes).
                """)
        @Argument(help: "The plan's id.") var planID: Int64
        @OptionGroup var database: DatabaseOption

        func run() throws {
            print(try AuditExport.export(planID: planID, store: database.open(writes: false)))
        }
    }
}
