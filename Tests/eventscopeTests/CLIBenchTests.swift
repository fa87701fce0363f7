import Foundation
import Testing

/// `eventscope bench` measures the explorer in a child process (`explore --bench --json`) and
/// reads its rows back: the format between the two is checked here on the real binary.
@Suite("Bench: the explorer's figures from their own process")
struct CLIBenchTests {
    @Test("explore --bench --json prints every explorer row with its unit, as one JSON object")
    func explorerRowsAsJSON() async throws {
        let run = try await CLIProcess.exec(["explore", "--bench", "--json", "--quick", "--store", "memory:"])
        #expect(run.status == 0, "\(run)")
        let rows = try #require(try run.json()["rows"] as? [[String: Any]], "\(run)")
        var values: [String: Double] = [:]
        for row in rows {
            let key = try #require(row["key"] as? String, "\(row)")
            #expect(!((row["unit"] as? String) ?? "").isEmpty, "\(row)")
            #expect(!((row["label"] as? String) ?? "").isEmpty, "\(row)")
            values[key] = row["value"] as? Double
        }
        for key in [
            "explorer_first_frame_ms", "explorer_tail_delay_median_ms", "explorer_tail_delay_p99_ms", "explorer_tail_delay_max_ms",
            "explorer_tail_load_per_s", "explorer_frames_per_s", "explorer_key_to_frame_median_ms", "explorer_key_to_frame_max_ms",
            "explorer_peak_rss_mib", "explorer_rss_growth_mib",
        ] {
            #expect(values[key] != nil, "no \(key) in \(run.stdout)")
        }
        // The peak is this process's resident memory at its highest: at least its growth, and
        // more than nothing (a figure read from nowhere would be 0).
        let peak = try #require(values["explorer_peak_rss_mib"])
        #expect(peak > 1 && peak >= (values["explorer_rss_growth_mib"] ?? .infinity), "\(values)")
        // Progress goes to stderr, so stdout is the JSON alone.
        #expect(run.stderr.contains("explorer bench on memory:"), "\(run.stderr)")
    }
}
