import EventSourcing
import Foundation
import TerminalUI

/// Something that happened: a key, a clock tick, or the result of an ``ExplorerEffect``.
public enum ExplorerMessage: Sendable {
    /// A key (or resize, or mouse event) from the terminal.
    case key(Key)
    /// The clock moved on (the runner ticks a few times a second); drives rates and ages.
    case tick(Date)
    /// A page of the stream listing for the request with `token`.
    case streamsLoaded(token: Int, page: [StreamInfo], hasMore: Bool)
    /// A stream's events (from version 1) for the aggregate view; `total` is the stream's
    /// version when more exist than were loaded.
    case streamEventsLoaded(token: Int, stream: StreamID, events: [RecordedEvent], total: StreamVersion)
    /// The state after the event at `index` of the aggregate view with `token`, and before it.
    case aggregateFolded(token: Int, index: Int, now: FoldedState, before: FoldedState)
    /// The tail is subscribed; events after `after` are live (earlier ones are the replay of
    /// the newest few, which do not count as throughput).
    case tailConnected(after: GlobalPosition)
    /// New events of `$all`, in position order; `dropped` were skipped because the explorer
    /// fell too far behind (they are still in the store).
    case tailEvents([RecordedEvent], dropped: Int)
    /// Events of `$all` loaded for a "go to position" or a step.
    case eventsLoaded(token: Int, events: [RecordedEvent])
    /// A command finished.
    case commandFinished(id: Int, outcome: CommandOutcome, latency: Duration)
    /// Fresh store counts.
    case statsLoaded(StoreStats)
    /// Fresh engine counters.
    case metricsLoaded(EngineMetrics)
    /// A store operation failed; the explorer keeps running and the runner retries.
    case storeFailed(String)
    /// The store answered again after a failure.
    case storeRecovered
    /// Demo seeding finished: a summary, or why it failed.
    case seedFinished(Result<String, ExplorerFailure>)
    /// Demo traffic is running: the latest totals.
    case demoTrafficProgress(DemoTrafficProgress)
    /// Demo traffic stopped: the final check.
    case demoTrafficFinished(DemoTrafficVerdict)
}

/// An error as text, so results stay `Sendable` and comparable.
public struct ExplorerFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for people.
    public var message: String
    /// Creates a failure.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How a command ended.
public enum CommandOutcome: Hashable, Sendable {
    /// The command ran: its events and the stream's new version.
    case accepted(CommandResult)
    /// The command did not run or was refused; nothing was appended.
    case rejected(CommandError)
}

/// Totals of the demo load while it runs.
public struct DemoTrafficProgress: Hashable, Sendable {
    /// Concurrent clients sending increments.
    public var clients: Int
    /// The counters they increment.
    public var counters: [StreamID]
    /// Increments the engine acknowledged.
    public var acknowledged: Int
    /// Increments that failed (conflict after every retry, store error).
    public var failed: Int
    /// Appends that met another writer's events and were decided again.
    public var conflictsRetried: Int
    /// Aggregate instances in memory.
    public var resident: Int
    /// Acknowledged increments per second over the last interval.
    public var perSecond: Double
    /// Time since the load started.
    public var elapsed: Duration

    /// Creates a progress report.
    public init(clients: Int, counters: [StreamID], acknowledged: Int, failed: Int, conflictsRetried: Int, resident: Int, perSecond: Double, elapsed: Duration) {
        self.clients = clients
        self.counters = counters
        self.acknowledged = acknowledged
        self.failed = failed
        self.conflictsRetried = conflictsRetried
        self.resident = resident
        self.perSecond = perSecond
        self.elapsed = elapsed
    }
}

/// The end-of-load check: every acknowledged increment must be in the store.
public struct DemoTrafficVerdict: Hashable, Sendable {
    /// One counter: increments acknowledged during the load and the count the store holds
    /// beyond the count it had before.
    public struct Row: Hashable, Sendable {
        /// The counter's stream.
        public var stream: StreamID
        /// Increments the engine acknowledged for it during the load.
        public var acknowledged: Int
        /// How many more events its stream holds than before the load.
        public var stored: Int
        /// Creates a row.
        public init(stream: StreamID, acknowledged: Int, stored: Int) {
            self.stream = stream
            self.acknowledged = acknowledged
            self.stored = stored
        }
    }
    /// Per-counter totals.
    public var rows: [Row]
    /// Appends decided again after a conflict.
    public var conflictsRetried: Int
    /// How long the load ran.
    public var elapsed: Duration
    /// Why the check could not be made, if it could not.
    public var error: String?

    /// Creates a verdict.
    public init(rows: [Row], conflictsRetried: Int, elapsed: Duration, error: String? = nil) {
        self.rows = rows
        self.conflictsRetried = conflictsRetried
        self.elapsed = elapsed
        self.error = error
    }

    /// Increments acknowledged in total.
    public var acknowledged: Int { rows.reduce(0) { $0 + $1.acknowledged } }
    /// Acknowledged increments missing from the store (0 is the point of the demo).
    public var lost: Int { rows.reduce(0) { $0 + max(0, $1.acknowledged - $1.stored) } }
}
