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

    /// Commands a second the traffic is held to; `nil` is full speed. Kept for the next run.
    public var pace: Double?

    /// The paces `+` and `-` step through, slowest first; after the last comes full speed.
    public static let paces: [Double] = [1, 2, 5, 10, 50, 200, 1_000]

    /// The next pace up (`+`) or down (`-`) from `pace`.
    public static func pace(after pace: Double?, faster: Bool) -> Double? {
        guard let pace else { return faster ? nil : paces.last }
        if faster { return paces.first { $0 > pace } }
        return paces.last { $0 < pace } ?? paces.first
    }

    /// How the box is shown: beside the command log, over the whole screen, or not at all.
    public enum Box: Hashable, Sendable { case shown, zoomed, closed }
    /// How the box is shown (`V` moves it on: zoomed, closed, shown again).
    public var box = Box.shown

    /// Whether the panel has anything to show.
    public var isVisible: Bool { (running || verdict != nil) && box != .closed }
    /// Whether there is a box to zoom or close.
    public var exists: Bool { running || verdict != nil }
}
