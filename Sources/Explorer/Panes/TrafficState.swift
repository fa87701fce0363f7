/// The demo traffic panel: throughput, conflicts and the final "no update lost" check.
public struct TrafficState: Sendable {
    /// Whether the load is running (or stopping).
    public var running = false
    /// Whether a stop was asked and the check is being made.
    public var stopping = false
    /// The latest totals.
    public var progress: TrafficProgress?
    /// Acknowledged commands per second, one sample per report, oldest first.
    public var throughput: [Double] = []
    /// What happened to the store if it was reset while the traffic ran (the check then
    /// counts what the store still holds).
    public var storeReset: String?
    /// The final check of the last run.
    public var verdict: TrafficVerdict?

    /// Whether the panel has anything to show.
    public var isVisible: Bool { running || verdict != nil }
}
