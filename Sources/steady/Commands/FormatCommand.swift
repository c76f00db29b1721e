import ArgumentParser
import Foundation
import SteadyRules

/// `steady fmt [--check] PATH...`: rule files, catalogs and policies in one canonical layout.
struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Lay out rule files, catalogs and policies canonically (or, with --check, list those that are not).",
        discussion: """
            Two spaces per level, list items two spaces under their key, and the keys of rules, \
            actions, tests, fact declarations and the file itself in the order the reference \
            lists them. Every comment stays with the entry it precedes; blank lines, values and \
            their quoting stay exactly as written. A file whose formatted text would not read \
            back to the same content is left alone and reported.

            Examples:
              steady fmt clinic                       (rewrite the files that need it)
              steady fmt --check rules plans          (in CI: exit 1 and list what would change)

            Exit codes: 0 nothing to change (or all rewritten), 1 --check found files to change \
            or a file could not be formatted, 2 usage error.
            """
    )

    @Argument(help: ArgumentHelp("Rule files, catalogs, policies, or folders holding them.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Change nothing: list the files that would change and exit 1 when there is any.")
    var check = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder to format") }
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no such file or folder: '\(path)'")
        }
    }

    func run() throws {
        var changed: [String] = [], failed = false
        for path in RuleLoader.files(under: paths) {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("steady: cannot read '\(path)'\n".utf8))
                failed = true
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            let formatted: String
            do {
                formatted = try RuleFileFormatter.format(text, path: path)
            } catch .unreadable {
                FileHandle.standardError.write(Data("steady: \(path) is not valid YAML; run 'steady check \(path)'\n".utf8))
                failed = true
                continue
            } catch {
                FileHandle.standardError.write(Data("steady: \(path) was left as it is: formatting would change what it says\n".utf8))
                failed = true
                continue
            }
            guard formatted != text else { continue }
            changed.append(path)
            if !check { try formatted.write(toFile: path, atomically: true, encoding: .utf8) }
        }
        for path in changed { print(check ? "would format \(path)" : "formatted \(path)") }
        if failed || (check && !changed.isEmpty) { throw ExitStatus.problems.code }
    }
}
