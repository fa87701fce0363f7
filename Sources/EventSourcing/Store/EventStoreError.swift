/// Errors every ``EventStore`` throws, with cases a caller can act on.
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

    public var description: String {
        switch self {
        case .wrongExpectedVersion(let stream, let expected, let actual):
            return "wrong expected version for \(stream): expected \(expected), stream is at version \(actual)"
        case .duplicateEventID(let stream, let id):
            return "event id \(id) is already stored (appending to \(stream)); nothing was written"
        case .unavailable(let message): return message
        case .invalid(let message): return message
        }
    }
}
