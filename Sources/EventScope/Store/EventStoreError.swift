/// Errors every ``EventStore`` throws, with cases a caller can act on.
///
/// Every case but ``inDoubt(stream:message:)`` means an append wrote nothing.
public enum EventStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stream was not in the expected state; nothing was written.
    /// `actual` is the stream's current version (`.none` if it has no events).
    case wrongExpectedVersion(stream: StreamID, expected: ExpectedVersion, actual: StreamVersion)
    /// Some, but not all, of the event ids in an append are already stored (or an id is
    /// stored in another stream); nothing was written.
    case duplicateEventID(stream: StreamID, eventID: String)
    /// The store cannot be reached or used right now (server down, file locked...).
    /// The message says what happened and what to do; retrying later may succeed.
    case unavailable(String)
    /// The store's configuration or contents are not usable (bad URL, not a database,
    /// schema from a newer EventScope...). Retrying will not help.
    case invalid(String)
    /// The append may or may not have been stored: the request reached the store but its
    /// answer was lost. Appending the same events again (same ids) is safe: they land at
    /// most once. Never thrown when nothing can have been written.
    case inDoubt(stream: StreamID, message: String)
    /// Another writer holds the stream's turn (see ``WriterTurn``); nothing was written.
    /// Try again after `retryAfter`.
    case streamBusy(stream: StreamID, retryAfter: Duration)
    /// The store went backwards: its head is now behind a position it reported before
    /// (a Redis server restarted without persistence or flushed, an SQLite file replaced).
    /// Positions, versions and checkpoints learned before no longer describe it.
    case storeReset(previousHead: GlobalPosition, head: GlobalPosition)

    /// What happened and what to do, in one line for people.
    public var description: String {
        switch self {
        case .wrongExpectedVersion(let stream, let expected, let actual):
            return "wrong expected version for \(stream): expected \(expected), stream is at version \(actual)"
        case .duplicateEventID(let stream, let id):
            return "event id \(id) is already stored (appending to \(stream)); nothing was written"
        case .unavailable(let message): return message
        case .invalid(let message): return message
        case .inDoubt(let stream, let message):
            return "\(message); the append to \(stream) may or may not have been stored. Appending the same events again (same ids) is safe: it lands at most once."
        case .streamBusy(let stream, let retryAfter):
            return "\(stream) is being written by another writer that waited its turn; nothing was written, try again in \(retryAfter)"
        case .storeReset(let previous, let head):
            return "the store was reset: its head went back from position \(previous.value) to \(head.value) (a Redis restart without persistence, a flush, or a replaced file); what was read before no longer describes it"
        }
    }
}
