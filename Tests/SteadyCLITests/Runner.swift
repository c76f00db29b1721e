import Foundation
import SteadyTestSupport

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
    static let auditKey = ScratchFolder.root.appendingPathComponent("steady-cli-\(UUID().uuidString)/audit.key").path

    /// Runs `steady arguments` in `directory` (the repository root by default), with `input`
    /// on its standard input when given.
    static func run(_ arguments: [String], in directory: URL = root, input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(["STEADY_AUDIT_KEY": auditKey, "STEADY_ACTOR": "cli-tests"]) { $1 }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Both pipes are read at once: a child that fills one pipe (a page of diagnostics on
        // stderr, say) while the test reads the other to its end would wait forever.
        let errors = Drain(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.data()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Reads a file handle to its end on a thread of its own.
    private final class Drain: @unchecked Sendable {
        private var read = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                read = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        /// Everything the handle gave, once it reached its end.
        func data() -> Data {
            done.wait()
            return read
        }
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
