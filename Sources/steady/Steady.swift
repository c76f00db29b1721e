import ArgumentParser
import Foundation
import SteadyEngine
import SteadyRules
import SteadyStore

/// The `steady` command: a coping-plan engine for cervical dystonia, driven by clinician-written
/// YAML rules. Self-management suggestions only; never medical advice.
@main
struct Steady: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steady",
        abstract: "Rules-driven coping plans for cervical dystonia.",
        discussion: """
            Steady turns a clinician-written YAML rule base into daily self-management suggestions \
            and explains every one. It gives suggestions, never medical advice.

            Exit codes: 0 success, 1 problems found (e.g. errors in rule files), 2 usage error.
            """,
        version: "0.1.0",
        subcommands: [PlanCommand.self, ExportCommand.self, WhyCommand.self, WhyNotCommand.self, CheckInCommand.self, ProfileCommand.self, HistoryCommand.self, ImpactCommand.self, AuditCommand.self,
                      Check.self, TestCommand.self, EvalCommand.self, FormatCommand.self, WatchCommand.self, LSPCommand.self, GraphCommand.self, SchemaCommand.self, ServeCommand.self, UserCommand.self, DatabaseCommand.self, Bench.self]
    )

    /// Runs the command and funnels every outcome into one exit code and one place that writes
    /// errors: 0 success, 1 problems found (diagnostics, a store or run error), 2 usage errors
    /// (argument-parser's own default for those would be 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let failure as Failure {
            switch failure {
            case .diagnostics(let diagnostics, let files): fail(DiagnosticRenderer(files: files).render(diagnostics))
            case .message(let message): fail(message.split(separator: "\n", omittingEmptySubsequences: false).map { "steady: \($0)\n" }.joined())
            case .text(let text): fail(text)
            }
        } catch let error as StoreError {
            fail("steady: \(error)\n")
        } catch let error as EngineError {
            fail("steady: the run stopped: \(error)\n")
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

    /// Writes `text` to stderr and exits 1.
    private static func fail(_ text: String) -> Never {
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(ExitStatus.problems.rawValue)
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
