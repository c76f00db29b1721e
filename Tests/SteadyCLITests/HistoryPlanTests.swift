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
        // The history functions' own values and the days they read, not today's pain.
        #expect(output.stdout.hasSuffix("""
            Derivation:
              - [pain-trending-up] Pain rising over the past week
                  when trend(pain, 7d) >= 0.5: true   (trend(pain, 7d) = 0.5 per day)
                  when count(known(pain), 7d) >= 4: true   (count(known(pain), 7d) = 5 days)
                  trend(pain, 7d) read the check-ins of 2026-11-20, 2026-11-21, 2026-11-22, 2026-11-23, 2026-11-24
                  count(known(pain), 7d) read the check-ins of 2026-11-20, 2026-11-21, 2026-11-22, 2026-11-23, 2026-11-24
                  evidence: American Academy of Neurology: Practice guideline update summary: botulinum neurotoxin for the treatment of blepharospasm, cervical dystonia, adult spasticity, and headache (Simpson et al., Neurology) (2016) <https://doi.org/10.1212/WNL.0000000000002560>; Dystonia Medical Research Foundation: Dystonia Medical Research Foundation: patient education and support groups (2024) <https://dystonia-foundation.org>

            """))
    }

    @Test func theAuditorSeesEachHistoryReadWithItsDays() throws {
        let output = try Steady.run(["why", "ask_referral_neurophysio_psych", "--audience", "auditor"] + arguments)
        #expect(output.stdout.contains("""
                  when streak(stress >= params.high_stress) >= 3: true   (streak(stress >= params.high_stress) = 4 days, params.high_stress = 7)
                  read stress = 8 [input]
                  read streak(stress >= params.high_stress) = 4 days [history: 2026-11-21, 2026-11-22, 2026-11-23, 2026-11-24]

            """))
    }

    @Test func badHistoryIsReportedWithItsPosition() throws {
        let output = try Steady.run(["plan", "--state", "examples/pain-flare.yaml", "--history", "examples/pain-flare.yaml"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("examples/pain-flare.yaml:3:1: error[SR0602]: a history is a list of earlier states, each with its date"))
    }
}
