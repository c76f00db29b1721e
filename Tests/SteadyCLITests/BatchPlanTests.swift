import Foundation
import Testing
import SteadyTestSupport

/// `steady plan --batch`: one result per line, in input order, bad lines reported with their
/// number, and the same results however many cores evaluate them.
struct BatchPlanTests {
    /// 300 varied states, one bad line (stress 11) at line `bad` and an empty line at 12.
    static func batch(bad: Int = 7) throws -> URL {
        var lines: [String] = []
        for i in 0..<300 {
            let triggers = ["stress_event", "poor_sleep", "screen_desk_work", "caffeine"].enumerated().filter { (i >> $0.offset) & 1 == 1 }.map { "\"\($0.element)\"" }
            lines.append(#"{"date":"2026-11-24","stress":\#(i % 11),"pain":\#((i * 7) % 11),"sleep":{"hours":\#(4 + i % 5)},"triggers":[\#(triggers.joined(separator: ","))],"work":{"context":"desk_office","workday":\#(i % 2 == 0)},"minutes_available":\#(20 + i % 40)}"#)
        }
        lines[bad - 1] = #"{"date":"2026-11-24","stress":11}"#
        lines[11] = ""
        let url = ScratchFolder.root.appendingPathComponent("steady-batch-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func keepsOrderReportsBadLinesAndSkipsThem() throws {
        let file = try Self.batch()
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Steady.run(["plan", "--batch", file.path, "--format", "jsonl"])
        #expect(output.status == 1)
        #expect(output.stderr == "\(file.path):7: 'stress' is out of range (0..10)\n")
        let results = try objects(output.stdout)
        #expect(results.count == 299)
        #expect(results.map { $0["line"] as? Int } == (1...300).filter { $0 != 12 })
        #expect(results[6]["error"] as? String == "'stress' is out of range (0..10)")
        #expect(results[0]["recommended"] as? [String] == ["goal_setting_review", "sleep_wind_down", "symptom_trigger_diary", "walking"])
        #expect((results[0]["plan"] as? [String: Any])?["total_minutes"] as? Int == 20)
    }

    /// Every line before the bad one is written, whether it came in the bad line's chunk of work
    /// or in an earlier one, and none after it.
    @Test(arguments: [7, 250])
    func stopsAtTheFirstBadLineWhenAsked(bad: Int) throws {
        let file = try Self.batch(bad: bad)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Steady.run(["plan", "--batch", file.path, "--on-error", "stop", "--jobs", "2"])
        #expect(output.status == 1)
        #expect(output.stderr == "\(file.path):\(bad): 'stress' is out of range (0..10)\nstopped at line \(bad) (--on-error stop)\n")
        #expect(try objects(output.stdout).map { $0["line"] as? Int } == (1..<bad).filter { $0 != 12 })
    }

    @Test func parallelResultsEqualSequentialOnes() throws {
        let file = try Self.batch()
        defer { try? FileManager.default.removeItem(at: file) }
        let sequential = try Steady.run(["plan", "--batch", file.path, "--jobs", "1"])
        let parallel = try Steady.run(["plan", "--batch", file.path, "--jobs", "4"])
        #expect(sequential.stdout == parallel.stdout)
        #expect(sequential.stdout.split(separator: "\n").count == 299)
    }

    @Test func recommendedOnlyGivesThePlansRecommendedIds() throws {
        let file = try Self.batch()
        defer { try? FileManager.default.removeItem(at: file) }
        let plans = try objects(try Steady.run(["plan", "--batch", file.path]).stdout)
        let output = try Steady.run(["plan", "--batch", file.path, "--recommended-only", "--jobs", "2"])
        #expect(output.status == 1)
        #expect(output.stderr == "\(file.path):7: 'stress' is out of range (0..10)\n")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines[0] == #"{"line":1,"recommended":["goal_setting_review","sleep_wind_down","symptom_trigger_diary","walking"]}"#)
        let results = try objects(output.stdout)
        #expect(results.map { $0.keys.sorted() } == plans.map { $0["error"] == nil ? ["line", "recommended"] : ["error", "line"] })
        #expect(results.map { $0["recommended"] as? [String] } == plans.map { $0["recommended"] as? [String] })
        #expect(try Steady.run(["plan", "--state", "examples/pain-flare.yaml", "--recommended-only"]).status == 2)
    }

    @Test func batchAndStateAreExclusive() throws {
        let output = try Steady.run(["plan", "--batch", "x.jsonl", "--state", "examples/pain-flare.yaml"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("give either --state (or --fhir) or --batch, not both"))
    }
}

struct LatencyBenchTests {
    @Test func reportsPercentilesAndPeakMemory() throws {
        let output = try Steady.run(["bench", "latency", "--state", "examples/pain-flare.yaml", "--iterations", "5"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(json["plans"] as? Int == 5)
        #expect(Set(json.keys) == ["plans", "p50_us", "p99_us", "max_us", "explained_p50_us", "explained_p99_us", "peak_rss_mb"])
        let p50 = try #require(json["p50_us"] as? Double), p99 = try #require(json["p99_us"] as? Double)
        #expect(p50 > 0 && p50 <= p99)
        let explained50 = try #require(json["explained_p50_us"] as? Double), explained99 = try #require(json["explained_p99_us"] as? Double)
        #expect(explained50 > 0 && explained50 <= explained99)
    }
}

struct LoadBenchTests {
    @Test func reportsTheRuleSetTimesAndPeakMemory() throws {
        let output = try Steady.run(["bench", "load", "rules/cervical-dystonia", "plans", "--repeat", "2"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["rules", "files", "best_seconds", "median_seconds", "peak_rss_mb"])
        #expect(json["rules"] as? Int == 126 && json["files"] as? Int == 14)
        let best = try #require(json["best_seconds"] as? Double), median = try #require(json["median_seconds"] as? Double)
        #expect(best > 0 && best <= median)
        #expect(try Steady.run(["bench", "load", "Tests/SteadyRulesTests/Corpus/broken/expr-placeholder-syntax.yaml"]).status == 1)
    }
}
