import Foundation
import Testing
import SteadyTestSupport

/// `steady watch` checks and tests again when a file changes, until it is stopped.
struct WatchCommandTests {
    static let catalog = "catalog: c\nversion: 1\nactions:\n  - {id: walk, title: Walk, category: body, minutes: 10, slot: any}\n"

    static func rules(_ condition: String) -> String {
        """
        ruleset: w
        version: 1
        facts:
          date: {type: date, required: true}
          stress: {type: integer, min: 0, max: 10}
        rules:
          - {id: calm, title: Calm, when: "\(condition)", then: [{recommend: walk}], rationale: R, evidence: [E]}
        tests:
          - {name: calm means a walk, state: {date: 2026-11-24, stress: 2}, expect: {actions: [walk]}}

        """
    }

    @Test func aChangeIsCheckedAndTestedAgain() throws {
        let folder = ScratchFolder.root.appendingPathComponent("steady-watch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rulesFile = folder.appendingPathComponent("rules.yaml")
        try Self.rules("stress <= 3").write(to: rulesFile, atomically: true, encoding: .utf8)
        try Self.catalog.write(to: folder.appendingPathComponent("catalog.yaml"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = Steady.executable
        process.arguments = ["watch", folder.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var seen = Data()
        /// Reads until `text` appears in what came after byte `start` (each report arrives in
        /// one write, and a read waits for the next).
        func waitFor(_ text: String, after start: Int) -> Bool {
            while !String(decoding: seen[start...], as: UTF8.self).contains(text) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { return false }
                seen += chunk
            }
            return true
        }
        #expect(waitFor("1 passed, 0 failed", after: 0))

        var mark = seen.count
        try Self.rules("stres <= 3").write(to: rulesFile, atomically: true, encoding: .utf8)
        #expect(waitFor("error[SR0401]: unknown fact 'stres'", after: mark))
        #expect(waitFor("1 error", after: mark))

        mark = seen.count
        try Self.rules("stress <= 1").write(to: rulesFile, atomically: true, encoding: .utf8)
        #expect(waitFor("FAIL  calm means a walk", after: mark))
        #expect(waitFor("0 passed, 1 failed", after: mark))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
    }
}
