import Testing

/// `--history` feeds earlier check-ins to the history rules, and explanations show their values.
struct HistoryPlanTests {
    let arguments = ["--state", "examples/workday-high-stress.yaml", "--history", "examples/history/stressful-week.yaml"]

    @Test func historyRulesJoinThePlan() throws {
        let with = try Steady.run(["plan"] + arguments)
        #expect(with.status == 0)
        #expect(with.stdout.contains("      because your pain has been rising over the past week\n"))
        let without = try Steady.run(["plan", "--state", "examples/workday-high-stress.yaml"])
        #expect(!without.stdout.contains("rising over the past week"))
    }

    @Test func whyShowsTheHistoryValues() throws {
        let output = try Steady.run(["why", "contact_neurologist_nonurgent", "--audience", "clinician"] + arguments)
        #expect(output.status == 0)
        #expect(output.stdout.contains("[pain-trending-up] Pain rising over the past week"))
        #expect(output.stdout.contains("when trend(pain, 7d) >= 0.5: true"))
        #expect(output.stdout.contains("when count(known(pain), 7d) >= 4: true"))
    }

    @Test func badHistoryIsReportedWithItsPosition() throws {
        let output = try Steady.run(["plan", "--state", "examples/pain-flare.yaml", "--history", "examples/pain-flare.yaml"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("examples/pain-flare.yaml:3:1: error[SR0602]: a history is a list of earlier states, each with its date"))
    }
}
