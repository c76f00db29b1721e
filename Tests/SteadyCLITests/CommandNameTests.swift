import Foundation
import Testing

/// Every command names itself. Without `commandName`, ArgumentParser derives the name from the
/// type's with `String(describing:)`, whose casts look up conformances of the metatype: each
/// look-up scans every conformance record in the executable (some 11,700), on every run of any
/// command. Two unnamed subcommands cost every `steady` invocation 3.8 million instructions.
struct CommandNameTests {
    @Test func everyCommandConfigurationNamesItsCommand() throws {
        let sources = Steady.root.appendingPathComponent("Sources/steady")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        var configurations = 0, unnamed: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for part in text.components(separatedBy: "CommandConfiguration(").dropFirst() {
                configurations += 1
                // `commandName` is the initializer's first parameter.
                if !part.drop(while: \.isWhitespace).hasPrefix("commandName:") { unnamed.append("\(file): \(part.prefix(60))") }
            }
        }
        #expect(configurations > 30)
        #expect(unnamed.isEmpty, "\(unnamed.joined(separator: "\n"))")
    }
}
