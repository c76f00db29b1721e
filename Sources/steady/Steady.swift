import ArgumentParser
import Foundation

/// The `steady` command: a coping-plan engine for cervical dystonia, driven by clinician-written
/// YAML rules. Self-management suggestions only; never medical advice.
@main
struct Steady: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steady",
        abstract: "Rules-driven coping plans for cervical dystonia.",
        discussion: """
            Steady turns a clinician-written YAML rule base into daily self-management suggestions \
            and explains every one. It gives suggestions, never medical advice.

            Exit codes: 0 success, 1 problems found (e.g. errors in rule files), 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [PlanCommand.self, WhyCommand.self, WhyNotCommand.self, CheckInCommand.self, HistoryCommand.self, ImpactCommand.self, AuditCommand.self,
                      Check.self, TestCommand.self, GraphCommand.self, SchemaCommand.self, Bench.self]
    )

    /// Runs the command and funnels every outcome into one exit code: 0 success, 1 problems
    /// found, 2 usage errors (argument-parser's own default for those would be 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
        }
    }
}

/// The exit codes scripts can rely on.
enum ExitStatus: Int32 {
    case success = 0
    /// The input had problems (errors in rule files, failing tests).
    case problems = 1
    /// The command line was wrong (unknown flag, missing path).
    case usage = 2

    var code: ExitCode { ExitCode(rawValue) }
}

/// Output for people or for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
