import Testing

struct GraphCommandTests {
    @Test func drawsMermaid() throws {
        let output = try Steady.run(["graph", "Tests/SteadyCLITests/Fixtures", "--format", "mermaid"])
        #expect(output.status == 0)
        #expect(output.stdout == """
            flowchart LR
              action_walk("walk")
              fact_calm{{"calm"}}
              fact_stress(["stress"])
              rule_calm_day["calm-day"]
              fact_stress --> rule_calm_day
              rule_calm_day --> action_walk
              rule_calm_day --> fact_calm

            """)
    }

    @Test func drawsDotWithNegativeReadsDashed() throws {
        let output = try Steady.run(["graph", "rules/cervical-dystonia", "--format", "dot"])
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.first == "digraph \"cervical-dystonia\" {")
        #expect(lines.contains("  fact_flare -> rule_movement_ok [style=dashed];"))
        #expect(lines.contains("  fact_high_stress_day -> rule_high_stress_breathing;"))
        #expect(lines.contains("  rule_post_injection_care -> action_heat_pack [color=red, label=\"suppresses\"];"))
        #expect(lines.contains("  rule_toxin_spread_alert -> action_urgent_care_bont_red_flag [color=red, penwidth=2, label=\"alert\"];"))
    }
}
