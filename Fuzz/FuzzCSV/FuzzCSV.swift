import Foundation
import SteadyEngine
import SteadyRules
import SteadyStore

/// libFuzzer target: any bytes as a check-in import, CSV and JSON, against the shipped schema.
/// Every row is a check-in or a named problem, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(bytes: UnsafeBufferPointer(start: data, count: size), encoding: .utf8) else { return 0 }
    for format in CheckInExchange.Format.allCases {
        let read = CheckInExchange.read(text, format: format, path: "in", patient: "p1", reader: Shipped.reader)
        precondition(read.problems.isEmpty || !read.problems.contains(where: \.isEmpty), "an unnamed problem")
    }
    return 0
}

enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let reader = StateReader(schema: RuleLoader(lints: false).load(paths: [root.appendingPathComponent("rules").path]).ruleSet!.schema)
}
