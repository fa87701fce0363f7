import EventSourcingTesting
import Foundation
import Testing

/// Seeds for the torture tests, and how a run in a child process reports back: the child
/// writes its report (and, if it crashes, the runtime's fatal error) to a log file that the
/// parent shows when the child did not exit cleanly.
enum TortureSeeds {
    /// `EVENTSCOPE_TORTURE_SEED` (to replay one seed), else the defaults.
    static func seeds(default defaults: [UInt64]) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["EVENTSCOPE_TORTURE_SEED"], let seed = UInt64(text) { return [seed] }
        return defaults
    }

    /// A fresh log path for one child.
    static func logPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-torture-\(UUID().uuidString.prefix(8)).log").path
    }

    /// In the child: sends standard output and standard error to the log.
    static func redirect(to log: String) {
        let fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        dup2(fd, 1)
        dup2(fd, 2)
    }

    /// In the child: prints the report and exits 0 when it holds no violation, 1 otherwise.
    static func finish(_ report: TortureReport) -> Never {
        print(report.text.joined(separator: "\n"))
        fflush(nil)
        exit(report.passed ? 0 : 1)
    }

    /// In the parent: the child's log as a test issue when the child failed or crashed.
    static func show(log: String, passed: Bool) {
        defer { try? FileManager.default.removeItem(atPath: log) }
        guard !passed else { return }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? "(no log)"
        Issue.record(Comment(rawValue: "torture child log:\n\(text)"))
    }
}
