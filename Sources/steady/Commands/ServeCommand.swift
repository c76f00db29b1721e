import ArgumentParser
import Foundation
import Logging
import SteadyServer

/// `steady serve`: the JSON API (and `/healthz`) over the same store and rules as the CLI.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API for patients, clinicians and auditors.",
        discussion: """
            Listens on --host:--port (loopback by default: put a TLS proxy in front to serve \
            others) and answers under /api/v1 (the OpenAPI document is /api/v1/openapi.json) \
            and /healthz. Uses the database and audit key the CLI uses, and the rules and \
            catalog given; create the first account with 'steady user add'. Logs one line per \
            request on stderr (method, route, status, time: never a patient value). SIGTERM or \
            Ctrl-C stops it gracefully: requests in flight finish, nothing is half written.

            Examples:
              steady user add --role admin alice
              steady serve --port 8080
              steady serve --openapi > docs/openapi.json
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The port, 0 to 65535 (0: any free port; the one chosen is printed).")
    var port = 8080

    @Option(name: .customLong("rules"), help: ArgumentHelp("Rule files or folders (repeatable; default: rules/).", valueName: "path"))
    var rules: [String] = []

    @OptionGroup var catalog: CatalogOption

    @Option(name: .customLong("fhir-server"), help: ArgumentHelp("A FHIR server's base URL the CDS Hooks service may fetch Observations from when a hook sends no prefetch (repeatable; default: none).", valueName: "url"))
    var fhirServers: [String] = []

    @Flag(help: "Print the API's OpenAPI 3.1 document (docs/openapi.json) and exit.")
    var openapi = false

    @OptionGroup var database: DatabaseOption

    func validate() throws {
        try Bounds.check(port, 0...65535, "--port")
        for server in fhirServers {
            guard let url = URL(string: server), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                throw ValidationError("--fhir-server: '\(server)' is not an http(s) base URL")
            }
        }
    }

    func run() async throws {
        if openapi {
            print(API.document(), terminator: "")
            return
        }
        let loaded = try PlanInputs.load(rules: rules.isEmpty ? ["rules"] : rules, catalog: catalog.paths, lints: true)
        let store = try database.open(upgrade: .refuse)
        var logger = Logger(label: "steady") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        let service = try SteadyService(store: store, planner: loaded.planner, files: loaded.files, warnings: loaded.warnings,
                                        fhirServers: fhirServers)
        let host = self.host
        let app = service.application(host: host, port: port, logger: logger) { port in
            // Written straight to the file descriptor: scripts wait for this line.
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
        }
        try await app.runService()
    }
}
