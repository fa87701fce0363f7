/// A store failure met by a command: the store's error, and where it struck.
///
/// Nothing was written (an append whose outcome is unknown is ``CommandError/inDoubt(stream:message:)``
/// instead). Switch on ``eventStoreError`` to act on the store's own case, e.g.
/// ``EventStoreError/unavailable(_:)`` (retry later) or ``EventStoreError/invalid(_:)`` (do not).
public struct StoreFailure: Error, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The aggregate's stream, when the failure struck a command on it.
    public var stream: StreamID?
    /// The stream's version the command was decided at (what the append expected), when known.
    public var version: StreamVersion?
    /// The store's error as thrown: an ``EventStoreError`` from a well-behaved store.
    public var cause: CapturedError
    /// What happened and what to do, for people.
    public var message: String

    /// A failure caused by `cause` (its description is the message unless one is given).
    public init(_ cause: any Error, stream: StreamID? = nil, version: StreamVersion? = nil, message: String? = nil) {
        self.cause = (cause as? CapturedError) ?? CapturedError(cause)
        self.stream = stream
        self.version = version
        self.message = message ?? String(describing: cause)
    }

    /// A failure that is only a message (tools and tests).
    public init(stringLiteral message: String) {
        self.init(EventStoreError.unavailable(message))
    }

    /// The store's own error, when it threw an ``EventStoreError``.
    public var eventStoreError: EventStoreError? { cause.error as? EventStoreError }

    /// The message.
    public var description: String { message }
}
