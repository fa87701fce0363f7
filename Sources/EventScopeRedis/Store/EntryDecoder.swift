import EventScope
import Foundation

/// Decodes an `XRANGE`/`XREVRANGE` reply of `P:all` straight from its RESP bytes in hiredis's
/// read buffer, on the connection thread, as they arrive: one `Data` per event for its bytes,
/// and the stream, type and metadata reused while their bytes repeat. Letting hiredis build
/// its reply tree first cost two allocations per field (about fifteen per event) and as many
/// frees, most of a read's time (`perf`: malloc, free and `malloc_consolidate` on the
/// connection threads); copying that tree into a ``RedisReply`` cost more still.
///
/// Feed it the buffered bytes of the reply (from its start) until it says `.done`; it resumes
/// at the first entry it has not decoded. `.malformed` for anything not exactly as the append
/// script writes it (a missing field, a malformed id, an error reply): the caller then lets
/// hiredis parse the reply as a tree and ``EventEntry`` reports it.
struct EntryDecoder {
    enum Progress: Equatable {
        /// The whole reply is decoded; it was this many bytes long.
        case done(length: Int)
        /// The bytes end inside the reply: feed again once more have arrived.
        case needMore
        case malformed
    }

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

    /// The events decoded so far.
    private(set) var events: [RecordedEvent] = []
    /// Entries still to decode (`nil` before the list's header is read).
    private var remaining: Int?
    /// Where the next undecoded part starts, from the reply's start.
    private var offset = 0
    private var stream = Cache<StreamID>()
    private var type = Cache<EventType>()
    private var metadata = Cache<EventMetadata>()

    /// Decodes a whole reply held in `reply` (for tests and one-shot use).
    static func decodeList(_ reply: UnsafeRawBufferPointer) -> [RecordedEvent]? {
        var decoder = EntryDecoder()
        return decoder.feed(reply) == .done(length: reply.count) ? decoder.events : nil
    }

    /// Decodes the entries `bytes` (the reply's buffered bytes, from its start) hold whole.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Progress {
        var r = RESPCursor(bytes, at: offset)
        if remaining == nil {
            guard let count = r.header(UInt8(ascii: "*")) else { return r.short ? .needMore : .malformed }
            guard count >= 0 else { return .malformed }
            remaining = count
            offset = r.offset
            events.reserveCapacity(count)
        }
        while let left = remaining, left > 0 {
            guard let event = entry(&r) else { return r.short ? .needMore : .malformed }
            events.append(event)
            remaining = left - 1
            offset = r.offset
        }
        return .done(length: offset)
    }

    /// One `[id, [field, value, …]]` entry; `nil` when malformed or cut short (see `r.short`).
    private mutating func entry(_ r: inout RESPCursor) -> RecordedEvent? {
        guard r.header(UInt8(ascii: "*")) == 2, let id = r.bulk(),
            let position = Self.decimal(id, stopAt: UInt8(ascii: "-")),
            let fieldCount = r.header(UInt8(ascii: "*")), fieldCount >= 0, fieldCount % 2 == 0
        else { return nil }
        var version: Int64?
        var eventID: UUID?
        var data: Data?
        var recordedAt: Int64 = 0
        var streamBytes: UnsafeRawBufferPointer?
        var typeBytes: UnsafeRawBufferPointer?
        var metadataBytes: UnsafeRawBufferPointer?
        for _ in 0..<(fieldCount / 2) {
            guard let name = r.bulk(), let value = r.bulk() else { return nil }
            guard let first = name.first else { continue }
            switch (name.count, first) {
            case (6, UInt8(ascii: "s")): streamBytes = value
            case (7, UInt8(ascii: "v")): version = Self.decimal(value, stopAt: nil)
            case (4, UInt8(ascii: "t")): typeBytes = value
            case (8, UInt8(ascii: "e")): eventID = UUIDText.parse(value)
            case (4, UInt8(ascii: "d")): data = Data(value)
            case (8, UInt8(ascii: "m")): metadataBytes = value
            case (11, UInt8(ascii: "r")): recordedAt = Self.decimal(value, stopAt: nil) ?? 0
            default: break
            }
        }
        // Only a whole entry updates the caches (a cut-short one is decoded again).
        guard let streamBytes, let typeBytes, let version, let eventID else { return nil }
        if !stream.matches(streamBytes) { stream.set(streamBytes, StreamID(String(decoding: streamBytes, as: UTF8.self))) }
        if !type.matches(typeBytes) { type.set(typeBytes, EventType(String(decoding: typeBytes, as: UTF8.self))) }
        let eventMetadata: EventMetadata
        if let metadataBytes {
            if !metadata.matches(metadataBytes) { metadata.set(metadataBytes, MetadataJSON.decode(metadataBytes)) }
            eventMetadata = metadata.value!
        } else {
            eventMetadata = EventMetadata()
        }
        return RecordedEvent(
            eventID: eventID, streamID: stream.value!, version: StreamVersion(version), position: GlobalPosition(position),
            type: type.value!, data: data ?? Data(), metadata: eventMetadata,
            recordedAt: EventEntry.date(milliseconds: recordedAt))
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

/// Reads RESP tokens from bytes that may end inside a reply: a token cut short sets ``short``.
struct RESPCursor {
    private let bytes: UnsafeRawBufferPointer
    /// Where the next token starts.
    private(set) var offset: Int
    /// A read failed because the bytes ended, not because they were wrong.
    private(set) var short = false

    init(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// The number after a `type` byte (`*3\r\n` → 3); `nil` for another type or a bad line.
    mutating func header(_ type: UInt8) -> Int? {
        var i = offset
        guard i < bytes.count else { short = true; return nil }
        guard bytes[i] == type else { return nil }
        i += 1
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var value = 0
        var digits = 0
        while i < bytes.count, bytes[i] != 13 {
            let c = bytes[i]
            guard c >= 48, c <= 57, digits < 18 else { return nil }
            value = value * 10 + Int(c - 48)
            digits += 1
            i += 1
        }
        guard i + 1 < bytes.count else { short = true; return nil }
        guard digits > 0, bytes[i + 1] == 10 else { return nil }
        offset = i + 2
        return negative ? -value : value
    }

    /// The bytes of a bulk string (`$5\r\nhello\r\n`); `nil` for anything else (a null too).
    mutating func bulk() -> UnsafeRawBufferPointer? {
        let start = offset
        guard let count = header(UInt8(ascii: "$")), count >= 0 else { return nil }
        guard count + 2 <= bytes.count - offset else {
            short = true
            offset = start
            return nil
        }
        let value = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count + 2
        return value
    }
}
