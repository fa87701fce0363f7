import Foundation

/// The terminal-rendering rows of the bench (``RenderBench``, owned by the TerminalUI work).
enum RenderRows {
    /// Set `EVENTSCOPE_BENCH_NO_RENDER=1` to skip them (e.g. where no pseudo-terminal can be opened).
    static var skip: Bool {
        ProcessInfo.processInfo.environment["EVENTSCOPE_BENCH_NO_RENDER"] == "1"
    }

    static func measure(quick: Bool) async throws -> [(name: String, value: Double, unit: String)] {
        try await RenderBench.run(quick: quick)
    }
}
