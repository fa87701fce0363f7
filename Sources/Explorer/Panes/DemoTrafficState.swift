/// The demo traffic panel: throughput, conflicts and the final "no update lost" check.
public struct DemoTrafficState: Sendable {
    /// Whether the load is running (or stopping).
    public var running = false
    /// Whether a stop was asked and the check is being made.
    public var stopping = false
    /// The latest totals.
    public var progress: DemoTrafficProgress?
    /// Acknowledged increments per second, one sample per report, oldest first.
    public var throughput: [Double] = []
    /// The final check of the last run.
    public var verdict: DemoTrafficVerdict?

    /// Whether the panel has anything to show.
    public var isVisible: Bool { running || verdict != nil }
}
