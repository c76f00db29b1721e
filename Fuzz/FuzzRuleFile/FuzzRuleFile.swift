import Foundation
import SteadyEngine
import SteadyPlan
import SteadyRules

/// libFuzzer target: any bytes as a rule file (with the shipped catalog). Loading must give a
/// rule set or diagnostics, never a crash or a hang; a rule set that loads is then planned (with
/// explanations) for a shipped example's state, which must give a plan or an engine error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRuleFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let loaded = RuleLoader(lints: true, jobs: 1).load(sources: [("fuzz.yaml", Data(bytes: data, count: size))] + Shipped.catalog)
    guard let planner = Planner(loaded) else {
        precondition(loaded.diagnostics.hasErrors || loaded.ruleSet == nil || loaded.catalog == nil, "no rule set and no error")
        return 0
    }
    let reader = StateReader(schema: planner.ruleSet.schema)
    let state = Shipped.states[size % Shipped.states.count]
    if let facts = reader.read(state, path: "state.yaml").facts { _ = try? planner.plan(facts) }
    return 0
}

/// The shipped catalog and example states, read once.
enum Shipped {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog: [(path: String, data: Data)] = ["plans/actions.yaml", "plans/policy.yaml"].map {
        ($0, FileManager.default.contents(atPath: root.appendingPathComponent($0).path) ?? Data())
    }
    static let states: [Data] = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()
        .compactMap { FileManager.default.contents(atPath: root.appendingPathComponent("examples/\($0)").path) }
}
