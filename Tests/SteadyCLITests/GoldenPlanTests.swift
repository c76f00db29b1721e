import Foundation
import Testing

/// Every example's exact plan (text, JSON and a FHIR CarePlan Bundle) and one `why` and one
/// `why-not` each, and the rule base as a FHIR PlanDefinition, compared
/// with the reviewed files in Tests/SteadyCLITests/Golden. Set STEADY_RECORD_GOLDEN=1 to
/// rewrite them after a deliberate change, then review the diff before committing.
struct GoldenPlanTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let example: String
        let arguments: [String]
        let golden: String
        var testDescription: String { golden }
    }

    static let explanations: [(example: String, why: String, whyAudience: String, whyNot: String, whyNotAudience: String)] = [
        ("calm-day-off", "pt_home_program", "patient", "yoga_or_tai_chi_gentle", "patient"),
        ("workday-high-stress", "breathing_diaphragmatic", "clinician", "yoga_or_tai_chi_gentle", "patient"),
        ("pain-flare", "rest_lying_supported", "patient", "walking", "clinician"),
        ("wearing-off-week", "log_wearing_off", "auditor", "contact_neurologist_nonurgent", "patient"),
        ("red-flag-after-injection", "urgent_care_bont_red_flag", "clinician", "breathing_diaphragmatic", "patient"),
        ("poor-sleep-deadline", "energy_pacing_plan", "patient", "sleep_wind_down", "clinician"),
        ("day-after-injection", "ice_injection_sites", "patient", "heat_pack", "clinician"),
    ]

    static let cases: [Case] = explanations.flatMap { entry -> [Case] in
        let state = ["--state", "examples/\(entry.example).yaml"]
        return [
            Case(example: entry.example, arguments: ["plan"] + state, golden: "\(entry.example).plan.txt"),
            Case(example: entry.example, arguments: ["plan"] + state + ["--format", "json"], golden: "\(entry.example).plan.json"),
            Case(example: entry.example, arguments: ["plan"] + state + ["--format", "fhir"], golden: "\(entry.example).careplan.json"),
            Case(example: entry.example, arguments: ["why", entry.why] + state + ["--audience", entry.whyAudience],
                 golden: "\(entry.example).why.\(entry.why).txt"),
            Case(example: entry.example, arguments: ["why-not", entry.whyNot] + state + ["--audience", entry.whyNotAudience],
                 golden: "\(entry.example).why-not.\(entry.whyNot).txt"),
        ]
    } + [Case(example: "", arguments: ["export", "plandefinition", "rules/cervical-dystonia", "plans"], golden: "plandefinition.json")]

    static let folder = Steady.root.appendingPathComponent("Tests/SteadyCLITests/Golden")

    @Test(arguments: cases)
    func outputMatchesTheReviewedGolden(_ item: Case) throws {
        let output = try Steady.run(item.arguments)
        #expect(output.status == 0, "\(output.stderr)")
        let file = Self.folder.appendingPathComponent(item.golden)
        if ProcessInfo.processInfo.environment["STEADY_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try output.stdout.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(output.stdout == expected)
    }

    @Test func everyExampleHasGoldens() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: Steady.root.appendingPathComponent("examples").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(examples == Self.explanations.map(\.example).sorted())
        #expect(examples.count >= 6)
    }
}
