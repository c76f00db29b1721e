import Foundation
import SteadyEngine
import SteadyFHIR
import SteadyPlan
import SteadyRules

/// libFuzzer target: any bytes as a FHIR Bundle of Observations and QuestionnaireResponses, read
/// with the shipped rules' schema and planned; what is read is written back as Observations and
/// must read back to the same facts (any difference stops the run). The same bytes as a CDS
/// Hooks request body are read too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFHIR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    let read = Shipped.reader.read(bytes, path: "bundle.json")
    if let facts = read.facts {
        _ = try? Shipped.planner.plan(facts, explains: false)
        let patient = read.patient ?? "p1"
        if PatientID.isValid(patient), let bundle = try? ObservationBundle(facts: facts, patient: patient, schema: Shipped.planner.ruleSet.schema).resource(),
           let again = try? JSONSerialization.data(withJSONObject: bundle) {
            let back = Shipped.reader.read(again, path: "again.json", day: facts.today)
            precondition(back.facts?.values == facts.values && back.facts?.history == facts.history,
                         "written back and read again, the facts differ: \(back.diagnostics.map(\.message))")
        }
    }
    if let body = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] { _ = CDSHooks.Request.read(body) }
    return 0
}

enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let planner = Planner(RuleLoader(lints: false).load(paths: [root.appendingPathComponent("rules").path, root.appendingPathComponent("plans").path]))!
    static let reader = FHIRStateReader(schema: planner.ruleSet.schema)
}

/// Patient ids as the store takes them (the fuzzer's patients may be any text).
enum PatientID {
    static func isValid(_ id: String) -> Bool {
        (1...64).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
