import Foundation

/// An event about to be appended: its id, type tag, JSON data and metadata.
///
/// The event id makes appends idempotent: appending an id the stream already holds
/// returns the stored event instead of writing it twice.
public struct ProposedEvent: Hashable, Sendable {
    /// The event's id, unique in the store; a retried append reuses it.
    public var eventID: UUID
    /// The event's type tag.
    public var type: EventType
    /// The event's JSON bytes.
    public var data: Data
    /// Correlation, causation, command id and free-form pairs, stored with the event.
    public var metadata: EventMetadata

    /// Creates an event to append; ``EventCodec/propose(_:metadata:eventID:)`` makes one from
    /// a domain event.
    public init(eventID: UUID = .newEventID(), type: EventType, data: Data, metadata: EventMetadata = EventMetadata()) {
        self.eventID = eventID
        self.type = type
        self.data = data
        self.metadata = metadata
    }
}

/// An event as a store returns it: a flat record with no domain types.
public struct RecordedEvent: Hashable, Sendable, Identifiable {
    /// The id the event was appended with.
    public var eventID: UUID
    /// The stream the event belongs to.
    public var streamID: StreamID
    /// The event's version within its stream (1-based, contiguous).
    public var version: StreamVersion
    /// The event's position in `$all` (1-based, gap-free, commit order).
    public var position: GlobalPosition
    /// The event's type tag; ``EventCodec/decode(_:)`` turns it and ``data``
    /// into a domain event.
    public var type: EventType
    /// The event's JSON bytes as stored.
    public var data: Data
    /// The metadata stored with the event.
    public var metadata: EventMetadata
    /// When the store committed the event.
    public var recordedAt: Date
    /// What is wrong with the stored record, when the store could not read part of it as
    /// written (e.g. `malformed event id "x-1"`; ``eventID`` is then the nil UUID). Readers
    /// show the problem; `nil` for a sound record.
    public var problem: String?

    /// The event id.
    public var id: UUID { eventID }

    /// Creates a record (stores make them; tests and tools may too).
    public init(
        eventID: UUID, streamID: StreamID, version: StreamVersion, position: GlobalPosition,
        type: EventType, data: Data, metadata: EventMetadata, recordedAt: Date, problem: String? = nil
    ) {
        self.problem = problem
        self.eventID = eventID
        self.streamID = streamID
        self.version = version
        self.position = position
        self.type = type
        self.data = data
        self.metadata = metadata
        self.recordedAt = recordedAt
    }
}

/// What a successful append returns.
public struct AppendResult: Hashable, Sendable {
    /// The stream appended to.
    public var streamID: StreamID
    /// The stream's version after the append.
    public var version: StreamVersion
    /// The events as recorded (with versions and positions), in order. For an idempotent
    /// re-append these are the events stored the first time.
    public var events: [RecordedEvent]

    /// Creates a result (stores make them).
    public init(streamID: StreamID, version: StreamVersion, events: [RecordedEvent]) {
        self.streamID = streamID
        self.version = version
        self.events = events
    }
}
