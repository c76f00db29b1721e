import Foundation
import Testing
import SteadyTestSupport

/// Follows docs/authoring-tutorial.md command by command: writes each file it shows, runs each
/// `$ steady ...` line in a scratch folder (with rules/, plans/, examples/ and docs/ linked in)
/// and expects exactly the output printed below it, including `[exit N]` for a failure. Only
/// JUnit's `time="…"` attributes, which vary from run to run, are compared as "a time".
struct TutorialTests {
    @Test func everyCommandGivesTheOutputTheTutorialShows() throws {
        let tutorial = try String(contentsOf: Steady.root.appendingPathComponent("docs/authoring-tutorial.md"), encoding: .utf8)
        let work = ScratchFolder.root.appendingPathComponent("steady-tutorial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        for name in ["rules", "plans", "examples", "docs"] {
            try FileManager.default.createSymbolicLink(at: work.appendingPathComponent(name),
                                                       withDestinationURL: Steady.root.appendingPathComponent(name))
        }
        let lines = tutorial.components(separatedBy: "\n")
        var index = 0, commands = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.hasPrefix("```yaml file=") {
                let path = String(line.dropFirst("```yaml file=".count))
                var body: [String] = []
                while lines[index] != "```" { body.append(lines[index]); index += 1 }
                let url = work.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try (body.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            } else if line == "```console" {
                while lines[index] != "```" {
                    let command = lines[index]
                    #expect(command.hasPrefix("$ steady "), "unexpected line in a console block: \(command)")
                    index += 1
                    var expected: [String] = []
                    while lines[index] != "```" && !lines[index].hasPrefix("$ ") { expected.append(lines[index]); index += 1 }
                    let arguments = Self.words(String(command.dropFirst("$ steady ".count)))
                    let output = try Steady.run(arguments, in: work)
                    var actual = (output.stdout + output.stderr).components(separatedBy: "\n")
                    while actual.last == "" { actual.removeLast() }
                    if output.status != 0 { actual.append("[exit \(output.status)]") }
                    #expect(actual.map(Self.withoutTimes) == expected.map(Self.withoutTimes), "\(command)")
                    commands += 1
                }
            }
        }
        #expect(commands >= 8)
    }

    /// A command line split into words as a shell would: spaces separate, quotes group.
    static func words(_ line: String) -> [String] {
        var words: [String] = [], word = "", quote: Character?, inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    static func withoutTimes(_ line: String) -> String {
        line.replacingOccurrences(of: #"time="[0-9.]+""#, with: #"time="…""#, options: .regularExpression)
    }
}
