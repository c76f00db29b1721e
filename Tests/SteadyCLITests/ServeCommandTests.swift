import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import SteadyTestSupport

/// `steady user` and `steady serve` as a user runs them: a real process on a free port of
/// 127.0.0.1, asked over HTTP, stopped with SIGTERM.
struct ServeCommandTests {
    func scratch() throws -> URL {
        let folder = ScratchFolder.root.appendingPathComponent("steady-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func usersAreAddedWithCheckedPasswords() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("s.sqlite").path
        let added = try Steady.run(["user", "add", "--role", "patient", "--patient", "p1", "--password-stdin", "pat", "--db", db], input: "a long enough password\n")
        #expect(added.status == 0 && added.stdout == "added patient account pat for patient p1\n")
        let short = try Steady.run(["user", "add", "--role", "admin", "--password-stdin", "root", "--db", db], input: "short\n")
        #expect(short.status == 1 && short.stderr == "steady: a password has at least 10 characters; nothing was stored\n")
        let twice = try Steady.run(["user", "add", "--role", "admin", "--password-stdin", "pat", "--db", db], input: "another long password\n")
        #expect(twice.status == 1 && twice.stderr == "steady: an account 'pat' exists already\n")
        let noPatient = try Steady.run(["user", "add", "--role", "patient", "--password-stdin", "x", "--db", db], input: "whatever long\n")
        #expect(noPatient.status == 2)
        #expect(try Steady.run(["user", "assign", "pat", "p1", "--db", db]).stderr == "steady: 'pat' is not a clinician's account\n")
        #expect(try Steady.run(["audit", "verify", "--db", db]).stdout.hasPrefix("audit chain intact: 1 entries\n"))
    }

    @Test func theServerAnswersAndStopsGracefullyOnSIGTERM() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("s.sqlite").path
        let process = Process()
        process.executableURL = Steady.executable
        process.arguments = ["serve", "--port", "0", "--db", db]
        process.currentDirectoryURL = Steady.root
        process.environment = ProcessInfo.processInfo.environment.merging(["STEADY_AUDIT_KEY": Steady.auditKey]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The first line names the port the system chose.
        var line = Data()
        let deadline = Date().addingTimeInterval(60)
        while !line.contains(0x0A), Date() < deadline {
            line += out.fileHandleForReading.availableData
        }
        let text = String(decoding: line, as: UTF8.self)
        let address = try #require(text.split(separator: "\n").first.map(String.init), "no 'listening on' line")
        #expect(address.hasPrefix("listening on http://127.0.0.1:"))
        let base = String(address.dropFirst("listening on ".count))
        let (health, response) = try await URLSession.shared.data(from: URL(string: base + "/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: health, as: UTF8.self) == #"{"status":"ok"}"#)
        var request = URLRequest(url: URL(string: base + "/api/v1/patients/p1/checkins")!)
        request.httpMethod = "GET"
        let (_, unauthorized) = try await URLSession.shared.data(for: request)
        #expect((unauthorized as? HTTPURLResponse)?.statusCode == 401)

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("route=/api/v1/patients/{patient}/checkins status=401"))
        #expect(!log.contains("/patients/p1"), "the log never holds a patient id")
    }
}
