import EventScope
import Foundation

/// Turns entries of the global Redis stream (`P:all`) into ``RecordedEvent``s.
///
/// An entry is `[id, [field, value, …]]` with id `<position>-0` and the fields the append
/// script writes: `stream`, `version`, `type`, `event_id`, `data`, `metadata`, `recorded_at`.
enum EventEntry {
    /// The time an entry records (`recorded_at`, milliseconds since 1970).
    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The global position in a stream entry id (`"42-0"` → 42).
    static func position(ofEntryID id: String) -> Int64? {
        guard let dash = id.firstIndex(of: "-") else { return Int64(id) }
        return Int64(id[..<dash])
    }

    /// Decodes an `XRANGE`/`XREVRANGE` reply.
    static func decodeList(_ reply: RedisReply, key: String) throws(EventStoreError) -> [RecordedEvent] {
        if case .entries(let events) = reply { return events }
        if let message = reply.errorMessage { throw RedisErrors.readFailed(key: key, message: message) }
        guard let entries = reply.elements else { throw malformed(key: key, "not a list of entries") }
        var events: [RecordedEvent] = []
        events.reserveCapacity(entries.count)
        for entry in entries { events.append(try decode(entry, key: key)) }
        return events
    }

    /// Decodes one `[id, [field, value, …]]` entry.
    static func decode(_ entry: RedisReply, key: String) throws(EventStoreError) -> RecordedEvent {
        guard let parts = entry.elements, parts.count == 2, let id = parts[0].text,
            let position = position(ofEntryID: id), let flat = parts[1].elements
        else { throw malformed(key: key, "an entry is not [id, fields]") }
        var stream: String?
        var version: Int64?
        var type: String?
        var eventID: UUID?
        var problem: String?
        var data = Data()
        var metadata = Data()
        var recordedAt: Int64 = 0
        var i = 0
        while i + 1 < flat.count {
            // Field names are told apart by length and first byte (all distinct), without
            // making a String of each.
            guard case .string(let name) = flat[i], let first = name.first else { i += 2; continue }
            let value = flat[i + 1]
            switch (name.count, first) {
            case (6, UInt8(ascii: "s")): stream = value.text
            case (7, UInt8(ascii: "v")): version = value.integer
            case (4, UInt8(ascii: "t")): type = value.text
            case (8, UInt8(ascii: "e")):
                if case .string(let d) = value {
                    if let id = UUIDText.parse(d) {
                        eventID = id
                    } else {
                        // Shown, not dropped and not given a made-up id (see RecordedEvent.problem).
                        eventID = nilUUID
                        problem = "malformed event id \"\(String(decoding: d.prefix(200), as: UTF8.self))\""
                    }
                }
            case (4, UInt8(ascii: "d")): if case .string(let d) = value { data = d }
            case (8, UInt8(ascii: "m")): if case .string(let d) = value { metadata = d }
            case (11, UInt8(ascii: "r")): recordedAt = value.integer ?? 0
            default: break
            }
            i += 2
        }
        guard let stream, let version, let type, let eventID else {
            throw malformed(key: key, "entry \(id) lacks stream, version, type or event_id")
        }
        return RecordedEvent(
            eventID: eventID, streamID: StreamID(stream), version: StreamVersion(version),
            position: GlobalPosition(position), type: EventType(type), data: data,
            metadata: MetadataJSON.decode(metadata), recordedAt: date(milliseconds: recordedAt), problem: problem)
    }

    /// The all-zero UUID, the id of a record whose stored id cannot be read.
    static let nilUUID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    private static func malformed(key: String, _ detail: String) -> EventStoreError {
        .invalid("the Redis key \(key) holds data EventScope cannot read (\(detail)); was it written by something else? Use another ?prefix= in the store URL.")
    }
}
