import EventScopeTesting
import Foundation
import Testing

/// Seeds for torture tests, and how a run in a child process (an exit test) reports back: the
/// child writes its report (and, if it crashes, the runtime's fatal error) to a log file that
/// the parent shows when the child did not exit cleanly.
///
/// ```swift
/// @Test(arguments: TortureChild.seeds(default: [1, 2]))
/// func torture(seed: UInt64) async {
///     let log: String = TortureChild.logPath()
///     let result = await #expect(processExitsWith: .success) { [seed = seed as UInt64, log = log as String] in
///         TortureChild.redirect(to: log)
///         let report = try await TortureSimulation(options: TortureOptions(seed: seed)).run(on: InMemoryEventStore())
///         TortureChild.finish(report)
///     }
///     TortureChild.show(log: log, passed: result != nil)
/// }
/// ```
public enum TortureChild {
    /// `EVENTSCOPE_TORTURE_SEED` (to replay one seed), else the defaults.
    public static func seeds(default defaults: [UInt64]) -> [UInt64] {
        if let text = ProcessInfo.processInfo.environment["EVENTSCOPE_TORTURE_SEED"], let seed = UInt64(text) { return [seed] }
        return defaults
    }

    /// A fresh log path for one child.
    public static func logPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-torture-\(UUID().uuidString.prefix(8)).log").path
    }

    /// In the child: sends standard output and standard error to the log.
    public static func redirect(to log: String) {
        let fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        dup2(fd, 1)
        dup2(fd, 2)
    }

    /// In the child: prints the report and exits 0 when it holds no violation, 1 otherwise.
    public static func finish(_ report: TortureReport) -> Never {
        print(report.text.joined(separator: "\n"))
        fflush(nil)
        exit(report.passed ? 0 : 1)
    }

    /// In the parent: the child's log as a test issue when the child failed or crashed.
    public static func show(log: String, passed: Bool) {
        defer { try? FileManager.default.removeItem(atPath: log) }
        guard !passed else { return }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? "(no log)"
        Issue.record(Comment(rawValue: "torture child log:\n\(text)"))
    }
}
