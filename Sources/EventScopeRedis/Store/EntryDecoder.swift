import CEventScopeHiredis
import EventScope
import Foundation

/// Decodes an `XRANGE`/`XREVRANGE` reply of `P:all` straight from hiredis's reply, on the
/// connection thread: one `Data` per event for its bytes, and the stream, type and metadata
/// reused while their bytes repeat. Copying the reply into a ``RedisReply`` tree first cost
/// two arrays and fourteen `Data` per event.
///
/// Returns `nil` for anything not exactly as the append script writes it (a missing field, a
/// malformed id); the caller then copies the reply as a tree and ``EventEntry`` reports it.
enum EntryDecoder {
    private struct Cache<Value> {
        var bytes: [UInt8] = []
        var value: Value?

        func matches(_ s: UnsafeRawBufferPointer) -> Bool {
            guard value != nil, bytes.count == s.count else { return false }
            return s.count == 0 || bytes.withUnsafeBytes { memcmp($0.baseAddress!, s.baseAddress!, s.count) == 0 }
        }

        mutating func set(_ s: UnsafeRawBufferPointer, _ value: Value) {
            bytes = Array(s)
            self.value = value
        }
    }

    static func decodeList(_ reply: UnsafeMutablePointer<redisReply>) -> [RecordedEvent]? {
        let list = reply.pointee
        guard list.type == REDIS_REPLY_ARRAY else { return nil }
        var stream = Cache<StreamID>()
        var type = Cache<EventType>()
        var metadata = Cache<EventMetadata>()
        var events: [RecordedEvent] = []
        events.reserveCapacity(list.elements)
        for i in 0..<list.elements {
            guard let entry = list.element[i]?.pointee, entry.type == REDIS_REPLY_ARRAY, entry.elements == 2,
                let idReply = entry.element[0], let fieldsReply = entry.element[1],
                let position = decimal(bytes(idReply), stopAt: UInt8(ascii: "-")),
                fieldsReply.pointee.type == REDIS_REPLY_ARRAY
            else { return nil }
            let fields = fieldsReply.pointee
            var version: Int64?
            var eventID: UUID?
            var data: Data?
            var recordedAt: Int64 = 0
            var sawStream = false
            var sawType = false
            var sawMetadata = false
            var f = 0
            while f + 1 < fields.elements {
                guard let nameReply = fields.element[f], let valueReply = fields.element[f + 1] else { return nil }
                let name = bytes(nameReply)
                let value = bytes(valueReply)
                f += 2
                guard let first = name.first else { continue }
                switch (name.count, first) {
                case (6, UInt8(ascii: "s")):
                    if !stream.matches(value) { stream.set(value, StreamID(String(decoding: value, as: UTF8.self))) }
                    sawStream = true
                case (7, UInt8(ascii: "v")): version = decimal(value, stopAt: nil)
                case (4, UInt8(ascii: "t")):
                    if !type.matches(value) { type.set(value, EventType(String(decoding: value, as: UTF8.self))) }
                    sawType = true
                case (8, UInt8(ascii: "e")): eventID = UUIDText.parse(value)
                case (4, UInt8(ascii: "d")): data = Data(value)
                case (8, UInt8(ascii: "m")):
                    if !metadata.matches(value) { metadata.set(value, MetadataJSON.decode(Data(value))) }
                    sawMetadata = true
                case (11, UInt8(ascii: "r")): recordedAt = decimal(value, stopAt: nil) ?? 0
                default: break
                }
            }
            guard sawStream, sawType, let version, let eventID else { return nil }
            events.append(RecordedEvent(
                eventID: eventID, streamID: stream.value!, version: StreamVersion(version), position: GlobalPosition(position),
                type: type.value!, data: data ?? Data(),
                metadata: sawMetadata ? metadata.value! : MetadataJSON.decode(Data()),
                recordedAt: EventEntry.date(milliseconds: recordedAt)))
        }
        return events
    }

    /// The bytes of a string reply (empty for any other kind).
    private static func bytes(_ reply: UnsafeMutablePointer<redisReply>) -> UnsafeRawBufferPointer {
        let r = reply.pointee
        guard r.type == REDIS_REPLY_STRING || r.type == REDIS_REPLY_STATUS, let str = r.str, r.len > 0 else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: str, count: r.len)
    }

    /// A non-negative decimal at the start of `s` (up to `stop`, or the end); `nil` if none.
    private static func decimal(_ s: UnsafeRawBufferPointer, stopAt stop: UInt8?) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for c in s {
            if c == stop { break }
            guard c >= 48, c <= 57, digits < 18 else { return nil }
            value = value * 10 + Int64(c - 48)
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
