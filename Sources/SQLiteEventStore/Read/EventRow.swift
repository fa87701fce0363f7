import EventSourcing
import Foundation
import GRDB

/// The `events` columns in the order ``EventRow/decode(_:)`` reads them.
enum EventRow {
    static let columns = "position, event_id, stream_id, version, type, data, metadata, recorded_at"

    /// A recorded event from a row selected with ``columns``.
    static func decode(_ row: Row) -> RecordedEvent {
        let idText: String = row[1]
        let metadataText: Data = row[6]
        let recordedText: String = row[7]
        return RecordedEvent(
            eventID: UUID(uuidString: idText) ?? UUID(),
            streamID: StreamID(row[2] as String),
            version: StreamVersion(row[3] as Int64),
            position: GlobalPosition(row[0] as Int64),
            type: EventType(row[4] as String),
            data: row[5] as Data,
            metadata: metadata(metadataText),
            recordedAt: (Timestamp(text: recordedText) ?? Timestamp(milliseconds: 0)).date)
    }

    private static let emptyMetadata = Data("{}".utf8)

    /// Metadata from its stored JSON; the common empty object skips the JSON decoder.
    static func metadata(_ data: Data) -> EventMetadata {
        data == emptyMetadata ? EventMetadata() : EventMetadata.fromJSON(data)
    }

    /// The value bound for event data: JSON text when the bytes are UTF-8 (as they are for
    /// JSON), else a BLOB, so any bytes round-trip exactly.
    static func dataValue(_ data: Data) -> DatabaseValue {
        if let text = String(validating: data, as: UTF8.self) { return text.databaseValue }
        return data.databaseValue
    }
}

/// The `streams` columns in the order ``StreamRow/decode(_:)`` reads them.
enum StreamRow {
    static let columns = "stream_id, version, last_position, last_updated, last_event_type"

    static func decode(_ row: Row) -> StreamInfo {
        StreamInfo(
            streamID: StreamID(row[0] as String),
            version: StreamVersion(row[1] as Int64),
            lastPosition: GlobalPosition(row[2] as Int64),
            lastUpdated: (Timestamp(text: row[3] as String) ?? Timestamp(milliseconds: 0)).date,
            lastEventType: EventType(row[4] as String))
    }
}
