import EventScope
import Foundation

/// Work the explorer asks its runner to do; results come back as ``ExplorerMessage``s.
///
/// `update` never performs I/O: it returns effects as values, so tests can check what the
/// explorer would do without a store.
public enum ExplorerEffect: Hashable, Sendable {
    /// Load one page of the stream listing; answer with ``ExplorerMessage/streamsLoaded(token:page:hasMore:)``.
    case loadStreams(token: Int, after: StreamCursor?, limit: Int, query: StreamQuery)
    /// Load a window of a stream's events and its head; answer with
    /// ``ExplorerMessage/streamEventsLoaded(token:stream:events:total:)``.
    case loadStreamEvents(token: Int, stream: StreamID, window: VersionWindow)
    /// Fold a stream to the state after `version` and before it, from the nearest checkpoint
    /// (never from version 1 again); answer with ``ExplorerMessage/aggregateFolded(token:version:now:before:)``.
    case foldAggregate(token: Int, stream: StreamID, version: StreamVersion)
    /// Follow `$all` starting with the newest `last` events; deliver batches with
    /// ``ExplorerMessage/tailEvents(_:dropped:)``, at most one batch per frame.
    case subscribeTail(last: Int)
    /// Load events of `$all` from `position` (inclusive); answer with
    /// ``ExplorerMessage/eventsLoaded(token:events:)``.
    case loadEvents(token: Int, from: GlobalPosition, limit: Int)
    /// Read `$all` backwards from `before` (inclusive) for the event filter's store search;
    /// answer with ``ExplorerMessage/eventsSearched(token:events:)``.
    case searchEvents(token: Int, before: GlobalPosition, limit: Int)
    /// Run a command through the engine; answer with ``ExplorerMessage/commandFinished(id:outcome:latency:)``.
    /// The command was validated once, where it was typed; the engine runs it as it is.
    case sendCommand(id: Int, command: ValidatedCommand)
    /// Run the catalog's demo seed; answer with ``ExplorerMessage/seedFinished(_:)``.
    case seed
    /// Start the catalog's traffic plan; report with ``ExplorerMessage/trafficProgress(_:)``.
    case startTraffic
    /// Hold the demo traffic (running or next) to `perSecond` commands a second; `nil` is
    /// full speed.
    case setTrafficPace(perSecond: Double?)
    /// Stop the traffic and check every acknowledged event is stored; answer with
    /// ``ExplorerMessage/trafficFinished(_:)``.
    case stopTraffic
    /// Refresh store counts and engine metrics.
    case refreshStats
    /// Tell the handler of read model `name` what to do (pause, step, rebuild, …).
    case controlHandler(name: String, HandlerControl)
    /// Load a read model's first `limit` rows and its check; answer with
    /// ``ExplorerMessage/readModelLoaded(token:_:)``.
    case loadReadModel(token: Int, name: String, limit: Int)
    /// Load what each read model holds for `stream`; answer with
    /// ``ExplorerMessage/readModelEntriesLoaded(_:)``.
    case loadReadModelEntries(stream: StreamID)
    /// Build the causality tree of the correlation of the event `event`; answer with
    /// ``ExplorerMessage/traceLoaded(token:_:)``.
    case traceEvent(token: Int, event: UUID)
    /// Find the stored event with id `event`; answer with ``ExplorerMessage/eventFound(token:id:_:)``.
    case findEvent(token: Int, event: UUID)
    /// Redraw every cell on the next frame.
    case redraw
    /// Leave the explorer, restoring the terminal.
    case quit
}
