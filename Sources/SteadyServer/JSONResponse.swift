import Foundation
import Hummingbird
import SteadyFHIR

/// JSON responses with sorted keys, as the CLI prints them.
enum JSONResponse {
    static func make(_ object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A response whose body is JSON text already (a plan from `PlanJSON`).
    static func text(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// A FHIR resource (`application/fhir+json`).
    static func fhir(_ resource: [String: Any]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/fhir+json"],
                 body: .init(byteBuffer: ByteBuffer(string: FHIRSystem.json(resource))))
    }

    /// Whether the request asks for FHIR (`Accept: application/fhir+json`).
    static func acceptsFHIR(_ request: Request) -> Bool {
        request.headers[.accept]?.contains("application/fhir+json") == true
    }

    /// A JSON object read from a request body; a body that is not one is a 400 problem.
    static func object(_ request: Request, context: ServerContext) async throws -> [String: Any] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw Problem.badRequest("the body must be a JSON object")
        }
        return object
    }
}
