import EventScope
import Foundation
import GRDB

/// The `events` columns in the order ``EventRow/decode(_:)`` reads them.
enum EventRow {
    static let columns = "position, event_id, stream_id, version, type, data, metadata, recorded_at"

    /// A recorded event from a row selected with ``columns``.
    static func decode(_ row: Row) -> RecordedEvent {
        var cache = DecodeCache()
        return decode(row, cache: &cache)
    }

    /// Decodes rows, reusing the metadata of the previous row when its stored text is the same
    /// (events of one command, or of one correlated run, share it).
    static func decodeAll(_ rows: [Row]) -> [RecordedEvent] {
        var cache = DecodeCache()
        return rows.map { decode($0, cache: &cache) }
    }

    /// The last metadata text decoded and its value, and the last commit time parsed.
    struct DecodeCache {
        var text: Data?
        var value = EventMetadata()
        var recordedText: String?
        var recordedAt = Date(timeIntervalSince1970: 0)
    }

    static func decode(_ row: Row, cache: inout DecodeCache) -> RecordedEvent {
        let idText: String = row[1]
        let metadataText: Data = row[6]
        if metadataText != cache.text {
            cache.value = EventMetadata.fromJSON(metadataText)
            cache.text = metadataText
        }
        let recordedText: String = row[7]
        if recordedText != cache.recordedText {
            cache.recordedAt = (Timestamp(text: recordedText) ?? Timestamp(milliseconds: 0)).date
            cache.recordedText = recordedText
        }
        // A row written by hand (the sqlite3 shell) may hold anything: show it, never invent an id.
        let eventID = UUIDText.parse(idText) ?? UUID(uuidString: idText)
        return RecordedEvent(
            eventID: eventID ?? malformedID,
            streamID: StreamID(row[2] as String),
            version: StreamVersion(row[3] as Int64),
            position: GlobalPosition(row[0] as Int64),
            type: EventType(row[4] as String),
            data: row[5] as Data,
            metadata: cache.value,
            recordedAt: cache.recordedAt,
            problem: eventID == nil ? "malformed event id \"\(idText)\"" : nil)
    }

    /// The id of an event whose stored id is not a UUID: the nil UUID (all zeros).
    static let malformedID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

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
