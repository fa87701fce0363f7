import EventScope
import Foundation
import EventScopeTerminalUI

/// Something that happened: a key, a clock tick, or the result of an ``ExplorerEffect``.
public enum ExplorerMessage: Sendable {
    /// A key (or resize, or mouse event) from the terminal.
    case key(Key)
    /// The clock moved on (the runner ticks a few times a second); drives rates and ages.
    case tick(Date)
    /// A page of the stream listing for the request with `token`.
    case streamsLoaded(token: Int, page: [StreamInfo], hasMore: Bool)
    /// A window of a stream's events for the aggregate view; `total` is the stream's head
    /// version in the store.
    case streamEventsLoaded(token: Int, stream: StreamID, events: [RecordedEvent], total: StreamVersion)
    /// The state after `version` of the aggregate view with `token`, and before it (`nil`: not
    /// known, the state was loaded from a snapshot at `version`); `origin` says what the fold
    /// started from (a snapshot, a checkpoint, version 1).
    case aggregateFolded(token: Int, version: StreamVersion, now: FoldedState, before: FoldedState?, origin: FoldOrigin? = nil)
    /// Time travel in `stream` is one checkpoint away (fewer than a few thousand events to
    /// fold) for every version up to `through`: the runner's background index moved on
    /// (`nil`: it stopped short, after a store error).
    case timeTravelIndexed(stream: StreamID, through: StreamVersion?)
    /// The tail is subscribed; events after `after` are live (earlier ones are the replay of
    /// the newest few, which do not count as throughput).
    case tailConnected(after: GlobalPosition)
    /// New events of `$all`, in position order; `dropped` were skipped because the explorer
    /// fell too far behind (they are still in the store).
    case tailEvents([RecordedEvent], dropped: Int)
    /// Events of `$all` loaded for a "go to position" or a step.
    case eventsLoaded(token: Int, events: [RecordedEvent])
    /// A page of `$all`, newest first, read for the store search with `token`.
    case eventsSearched(token: Int, events: [RecordedEvent])
    /// A command finished.
    case commandFinished(id: Int, outcome: CommandOutcome, latency: Duration)
    /// Fresh store counts.
    case statsLoaded(StoreStats)
    /// Fresh engine metrics.
    case metricsLoaded(EngineMetrics)
    /// A store operation failed; the explorer keeps running and the runner retries.
    case storeFailed(String)
    /// The store answered again after a failure.
    case storeRecovered
    /// The store went back to an earlier head (emptied, restored from a backup, a Redis
    /// restarted without persistence): what was shown is no longer in it.
    case storeReset(previousHead: GlobalPosition, head: GlobalPosition)
    /// Seeding (the catalog's demo seed) finished: a summary, or why it failed.
    case seedFinished(Result<String, ExplorerFailure>)
    /// Demo traffic (the catalog's traffic plan) is running: the latest totals.
    case trafficProgress(TrafficProgress)
    /// Demo traffic stopped: the final check.
    case trafficFinished(TrafficVerdict)
    /// The read models' handlers, as they are now (posted a few times a second).
    case handlersUpdated([HandlerStatus])
    /// A read model's rows for the request with `token`.
    case readModelLoaded(token: Int, ReadModelTable)
    /// What each read model holds for an aggregate.
    case readModelEntriesLoaded(ReadModelEntries)
    /// The causality tree for the X-ray request with `token`, or why there is none.
    case traceLoaded(token: Int, Result<CausalityTrace, ExplorerFailure>)
    /// The event with id `id` (`nil`: not in the store), for following a causation link.
    case eventFound(token: Int, id: UUID, Result<RecordedEvent?, ExplorerFailure>)
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
