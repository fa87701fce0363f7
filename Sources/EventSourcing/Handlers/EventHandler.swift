import Foundation

/// Something that follows `$all` and keeps a read model, with a checkpoint.
///
/// To apply no event twice and skip none across restarts, a handler writes its read model
/// and its checkpoint in one transaction inside ``handle(_:)``, and returns that checkpoint
/// from ``checkpoint()``.
///
/// The contract, as ``HandlerRunner`` relies on it:
/// - **Order.** ``handle(_:)`` receives batches of consecutive events in `$all` order,
///   starting right after the checkpoint; it sees every event of the store, including
///   types it does not know (it skips those but still moves its checkpoint past them).
/// - **Atomicity.** A batch is applied with its checkpoint, or not at all: a handler that
///   throws has changed nothing. The runner keeps the error in its status and retries from
///   ``checkpoint()`` with backoff, so a failure never skips an event.
/// - **At most once per event.** The runner may hand a batch again after a failure or a
///   restart; a handler whose checkpoint commits with its changes applies it once.
/// - **Store reset.** When the store's head goes behind the checkpoint (the store lost
///   events), the runner calls ``reset()`` and rebuilds from the first event; a handler that
///   cannot be emptied keeps the default, and the runner says so in its status.
public protocol EventHandler: Sendable {
    /// A stable name (used as the checkpoint key).
    var name: String { get }
    /// The position of the last event this handler has applied (`.start` for none).
    func checkpoint() async throws -> GlobalPosition
    /// Applies a batch of events in `$all` order, and records the last one's position as the
    /// checkpoint, atomically.
    func handle(_ events: [RecordedEvent]) async throws
    /// Empties the read model and sets the checkpoint back to `.start`, atomically, so that
    /// it is rebuilt from the first event. ``HandlerRunner`` calls it when the store was
    /// reset (its head went behind the checkpoint). The default throws
    /// ``EventHandlerError/cannotReset(_:)``: the runner then stops and says why.
    func reset() async throws
}

extension EventHandler {
    /// Refuses: throws ``EventHandlerError/cannotReset(_:)``, and ``HandlerRunner`` reports
    /// that the read model must be rebuilt by hand.
    public func reset() async throws { throw EventHandlerError.cannotReset(name) }
}

/// Errors of handlers and their runner.
public enum EventHandlerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The handler cannot empty its read model (it does not implement ``EventHandler/reset()``).
    case cannotReset(String)

    /// What happened, for people.
    public var description: String {
        switch self {
        case .cannotReset(let name): return "the read model \(name) cannot be emptied and rebuilt automatically"
        }
    }
}

/// What a running handler is doing, for people and tests.
public struct HandlerStatus: Hashable, Sendable {
    /// Where a runner is in its life.
    public enum Phase: String, Hashable, Sendable {
        /// Started; reading the handler's checkpoint.
        case starting
        /// Applying events or waiting for new ones (a failing batch is retried in this phase).
        case running
        /// Not started, or stopped.
        case stopped
    }
    /// The handler's name.
    public var name: String
    /// Where the runner is.
    public var phase: Phase
    /// The last position applied.
    public var position: GlobalPosition
    /// The store's head, as last seen.
    public var head: GlobalPosition
    /// How many events the handler is behind the head.
    public var lag: Int64 { max(0, head.value - position.value) }
    /// The last error, if the newest attempt failed; cleared on success.
    public var lastError: String?
}
