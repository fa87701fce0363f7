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
