import Foundation

/// An event about to be appended: its id, type tag, JSON data and metadata.
///
/// The event id makes appends idempotent: appending an id the stream already holds
/// returns the stored event instead of writing it twice.
public struct ProposedEvent: Hashable, Sendable {
    public var eventID: UUID
    public var type: EventType
    /// The event's JSON bytes.
    public var data: Data
    public var metadata: EventMetadata

    public init(eventID: UUID = .randomV4(), type: EventType, data: Data, metadata: EventMetadata = EventMetadata()) {
        self.eventID = eventID
        self.type = type
        self.data = data
        self.metadata = metadata
    }
}

/// An event as a store returns it: a flat record with no domain types.
public struct RecordedEvent: Hashable, Sendable, Identifiable {
    public var eventID: UUID
    public var streamID: StreamID
    /// The event's version within its stream (1-based, contiguous).
    public var version: StreamVersion
    /// The event's position in `$all` (1-based, gap-free, commit order).
    public var position: GlobalPosition
    public var type: EventType
    /// The event's JSON bytes as stored.
    public var data: Data
    public var metadata: EventMetadata
    /// When the store committed the event.
    public var recordedAt: Date
    /// What is wrong with the stored record, when the store could not read part of it as
    /// written (e.g. `malformed event id "x-1"`; ``eventID`` is then the nil UUID). Readers
    /// show the problem; `nil` for a sound record.
    public var problem: String?

    public var id: UUID { eventID }

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
    public var streamID: StreamID
    /// The stream's version after the append.
    public var version: StreamVersion
    /// The events as recorded (with versions and positions), in order. For an idempotent
    /// re-append these are the events stored the first time.
    public var events: [RecordedEvent]

    public init(streamID: StreamID, version: StreamVersion, events: [RecordedEvent]) {
        self.streamID = streamID
        self.version = version
        self.events = events
    }
}
