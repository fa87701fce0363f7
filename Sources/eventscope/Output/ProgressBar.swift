import Foundation

/// A progress bar on standard error, redrawn in place while work runs:
/// `[##########··········] 5,120/10,000  2,431/s  ETA 2s`. Only on a terminal: a pipe or
/// `--json` gets nothing.
struct ProgressBar {
    private let task: Task<Void, Never>

    /// Whether standard error is a terminal.
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// The goal: a number of items, or a duration.
    enum Goal: Sendable {
        case items(Int)
        case seconds(Double)
    }

    /// Starts redrawing every 200 ms; `done` says how many items are finished.
    init(goal: Goal, done: @escaping @Sendable () -> Int) {
        task = Task {
            let start = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                let elapsed = Self.seconds(ContinuousClock.now - start)
                FileHandle.standardError.write(Data(("\r" + Self.line(goal: goal, done: done(), elapsed: elapsed) + "\u{1B}[K").utf8))
            }
        }
    }

    /// Stops and clears the line.
    func finish() async {
        task.cancel()
        await task.value
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// The bar's text.
    static func line(goal: Goal, done: Int, elapsed: Double, width: Int = 20) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let fraction: Double
        let count: String
        let remaining: Double?
        switch goal {
        case .items(let total):
            fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
            count = "\(grouped(done))/\(grouped(total))"
            remaining = rate > 0 ? Double(max(0, total - done)) / rate : nil
        case .seconds(let seconds):
            fraction = seconds > 0 ? min(1, elapsed / seconds) : 1
            count = grouped(done)
            remaining = max(0, seconds - elapsed)
        }
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
        let eta = remaining.map { "ETA \(Int($0.rounded(.up)))s" } ?? "ETA …"
        return "[\(bar)] \(count)  \(grouped(Int(rate.rounded())))/s  \(eta)"
    }

    private static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    private static func seconds(_ d: Duration) -> Double { d / .seconds(1) }
}
