import Foundation

/// Something that follows `$all` and keeps a read model, with a checkpoint.
///
/// To apply no event twice and skip none across restarts, a handler writes its read model
/// and its checkpoint in one transaction inside ``handle(_:)``, and returns that checkpoint
/// from ``checkpoint()``.
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
    public func reset() async throws { throw EventHandlerError.cannotReset(name) }
}

/// Errors of handlers and their runner.
public enum EventHandlerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The handler cannot empty its read model (it does not implement ``EventHandler/reset()``).
    case cannotReset(String)

    public var description: String {
        switch self {
        case .cannotReset(let name): return "the read model \(name) cannot be emptied and rebuilt automatically"
        }
    }
}

/// What a running handler is doing, for people and tests.
public struct HandlerStatus: Hashable, Sendable {
    public enum Phase: String, Hashable, Sendable { case starting, running, stopped }
    public var name: String
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
