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
///   throws has changed nothing. An `EventStoreError.unavailable` (a locked file, a full
///   disk) is retried from ``checkpoint()`` with backoff; any other error is the event's:
///   the runner finds the event that throws, applies the ones before it, and stops there
///   with the error kept (``HandlerFailure``) until a person retries or skips it. A failure
///   never skips an event by itself.
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
    /// Moves the checkpoint past `event` without applying it, and records the skip (position,
    /// type, `reason`), atomically — so the skip is visible later in ``skipped()``. Called when
    /// a person tells a failed handler to skip the event it stopped at. The default throws
    /// ``EventHandlerError/cannotSkip(_:)``.
    func skip(_ event: RecordedEvent, reason: String) async throws
    /// The events skipped so far, oldest first (the default: none recorded).
    func skipped() async throws -> [SkippedEvent]
    /// Renews `lease` for its keeper, or takes it over when the keeper in force has not
    /// renewed it within `staleAfter` (or has gone); returns the lease in force afterwards —
    /// `lease` itself when this process keeps the handler. Handlers whose read model two
    /// processes may share (a file) record it next to the read model; the default keeps
    /// nothing and lets every caller keep the handler.
    func renew(_ lease: HandlerLease, staleAfter: Duration) async throws -> HandlerLease
    /// The lease as last recorded (who keeps the handler, in what phase), if the handler
    /// records one.
    func recordedLease() async throws -> HandlerLease?
    /// Gives the lease up (on a clean stop), so another process can take over at once.
    func release(_ keeper: HandlerKeeper) async
}

extension EventHandler {
    /// Refuses: throws ``EventHandlerError/cannotReset(_:)``, and ``HandlerRunner`` reports
    /// that the read model must be rebuilt by hand.
    public func reset() async throws { throw EventHandlerError.cannotReset(name) }
    /// Refuses: throws ``EventHandlerError/cannotSkip(_:)``.
    public func skip(_ event: RecordedEvent, reason: String) async throws { throw EventHandlerError.cannotSkip(name) }
    /// None recorded.
    public func skipped() async throws -> [SkippedEvent] { [] }
    /// Keeps nothing: every caller keeps the handler.
    public func renew(_ lease: HandlerLease, staleAfter: Duration) async throws -> HandlerLease { lease }
    /// None recorded.
    public func recordedLease() async throws -> HandlerLease? { nil }
    /// Nothing to give up.
    public func release(_ keeper: HandlerKeeper) async {}
}

/// Errors of handlers and their runner.
public enum EventHandlerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The handler cannot empty its read model (it does not implement ``EventHandler/reset()``).
    case cannotReset(String)
    /// The handler cannot move past an event without applying it (it does not implement
    /// ``EventHandler/skip(_:reason:)``).
    case cannotSkip(String)

    /// What happened, for people.
    public var description: String {
        switch self {
        case .cannotReset(let name): return "the read model \(name) cannot be emptied and rebuilt automatically"
        case .cannotSkip(let name): return "the read model \(name) cannot skip an event"
        }
    }
}

