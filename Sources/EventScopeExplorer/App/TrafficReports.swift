import EventScope

/// Totals of the demo traffic while it runs.
public struct TrafficProgress: Hashable, Sendable {
    /// Concurrent clients sending commands.
    public var clients: Int
    /// The streams they send to.
    public var streams: [StreamID]
    /// Commands acknowledged.
    public var acknowledged: Int
    /// Commands that failed (refused, conflict after every retry, store error).
    public var failed: Int
    /// Appends that met another writer's events and were decided again.
    public var conflictsRetried: Int
    /// Aggregate instances in memory.
    public var resident: Int
    /// Acknowledged commands per second over the last interval.
    public var perSecond: Double
    /// Time since the traffic started.
    public var elapsed: Duration

    /// Creates a progress report.
    public init(clients: Int, streams: [StreamID], acknowledged: Int, failed: Int, conflictsRetried: Int, resident: Int, perSecond: Double, elapsed: Duration) {
        self.clients = clients
        self.streams = streams
        self.acknowledged = acknowledged
        self.failed = failed
        self.conflictsRetried = conflictsRetried
        self.resident = resident
        self.perSecond = perSecond
        self.elapsed = elapsed
    }
}

/// The end-of-traffic check: every acknowledged event must be in the store.
public struct TrafficVerdict: Hashable, Sendable {
    /// Acknowledged and stored events, per stream (``LossCheck``).
    public var check: LossCheck
    /// Appends decided again after a conflict.
    public var conflictsRetried: Int
    /// How long the traffic ran.
    public var elapsed: Duration
    /// Why the check could not be made, if it could not.
    public var error: String?
    /// Commands that failed (refused, conflict after every retry, store error): never
    /// acknowledged, so neither stored nor lost.
    public var failed: Int

    /// Creates a verdict.
    public init(check: LossCheck, conflictsRetried: Int, elapsed: Duration, error: String? = nil, failed: Int = 0) {
        self.check = check
        self.conflictsRetried = conflictsRetried
        self.elapsed = elapsed
        self.error = error
        self.failed = failed
    }

    /// Per-stream totals.
    public var rows: [LossCheck.Row] { check.rows }
    /// Events acknowledged in total.
    public var acknowledged: Int { check.acknowledged }
    /// Acknowledged events found in the store.
    public var stored: Int { check.stored }
    /// Acknowledged events missing from the store (0 is the point of the demo).
    public var lost: Int { check.lost }
}
