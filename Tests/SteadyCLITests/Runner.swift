import Foundation

/// Runs the built `steady` binary from the repository root.
enum Steady {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `steady` executable next to the test bundle.
    static var executable: URL {
        var url = Bundle.main.bundleURL
        while url.pathComponents.count > 1 {
            let candidate = url.appendingPathComponent("steady")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            url.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/steady")
    }

    /// The audit key every run uses unless a test passes `--audit-key`: a scratch file, so
    /// tests never touch `~/.steady`.
    static let auditKey = FileManager.default.temporaryDirectory.appendingPathComponent("steady-cli-\(UUID().uuidString)/audit.key").path

    /// Runs `steady arguments` in `directory` (the repository root by default).
    static func run(_ arguments: [String], in directory: URL = root) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(["STEADY_AUDIT_KEY": auditKey, "STEADY_ACTOR": "cli-tests"]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs one SQL statement on `db` with the sqlite3 shell, behind Steady's back.
    static func sqlite(_ db: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [db, sql]
        try process.run()
        process.waitUntilExit()
    }
}
