import EventScope
import Foundation
import GRDB

/// One caller's append, as queued for the next group commit.
struct AppendRequest: Sendable {
    let events: [ProposedEvent]
    let stream: StreamID
    let expected: ExpectedVersion
    /// Each event's id text, data value and metadata JSON, made by the caller before the
    /// request is queued (on its own task, not on the one writer thread every append waits for:
    /// encoding the metadata there was a tenth of the writer's time).
    let encoded: [(id: String, data: DatabaseValue, metadata: String)]

    init(events: [ProposedEvent], stream: StreamID, expected: ExpectedVersion) {
        self.events = events
        self.stream = stream
        self.expected = expected
        var previous: (EventMetadata, String)?
        encoded = events.map { e in
            // The events of one append usually share their metadata: encode it once.
            let metadata: String
            if let (last, text) = previous, last == e.metadata {
                metadata = text
            } else {
                metadata = String(decoding: MetadataJSON.encode(e.metadata), as: UTF8.self)
                previous = (e.metadata, metadata)
            }
            return (UUIDText.string(e.eventID), EventRow.dataValue(e.data), metadata)
        }
    }
}

extension AppendRequest {
    /// The first event id that `events` carries more than once (such an append is refused
    /// before it is queued).
    static func repeatedEventID(_ events: [ProposedEvent]) -> UUID? {
        guard events.count > 1 else { return nil }
        var seen = Set<UUID>(minimumCapacity: events.count)
        for e in events where !seen.insert(e.eventID).inserted { return e.eventID }
        return nil
    }

    /// Writes this append inside the current transaction; the caller wraps it in a savepoint
    /// and rolls it back if this throws.
    ///
    /// The hot path is two statements per event plus one per stream: the stream's version
    /// comes from the writer cache, and a retried event id is caught by the UNIQUE index
    /// rather than looked up first (``storedEvents(_:current:)`` runs only then, or when the
    /// expected version does not match).
    /// - Throws: `EventStoreError.wrongExpectedVersion` / `.duplicateEventID` (nothing written),
    ///   ``DuplicateEventInsert`` (caller retries on the slow path), or the database's error.
    func write(_ db: Database, cache: WriterCache, group: inout GroupContext) throws -> AppendResult {
        let streamText = stream.rawValue
        let current = try StreamVersion(group.written[streamText] ?? cache.version(of: streamText) ?? Self.storedVersion(db, streamText))
        guard expected.isSatisfied(by: current), !events.isEmpty else {
            if let stored = try storedEvents(db, current: current) { return stored }
            guard expected.isSatisfied(by: current) else {
                throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: current)
            }
            return AppendResult(streamID: stream, version: current, events: [])
        }
        return try insert(db, current: current, group: &group)
    }

    /// The slow path after ``DuplicateEventInsert``: looks the ids up, returns the stored
    /// events if all are in this stream, else refuses.
    func writeAfterDuplicate(_ db: Database, group: inout GroupContext) throws -> AppendResult {
        let current = StreamVersion(try group.written[stream.rawValue] ?? Self.storedVersion(db, stream.rawValue))
        if let stored = try storedEvents(db, current: current) { return stored }
        guard expected.isSatisfied(by: current) else {
            throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: current)
        }
        return try insert(db, current: current, group: &group)
    }

    private func insert(_ db: Database, current: StreamVersion, group: inout GroupContext) throws -> AppendResult {
        let streamText = stream.rawValue
        let statements = try group.statements(db)
        var head = group.head
        var version = current.value
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(events.count)
        let insertEvent = statements.insertEvent
        for (e, pre) in zip(events, encoded) {
            head += 1
            version += 1
            try insertEvent.bindEach { bind in
                bind(head); bind(pre.id); bind(streamText); bind(version); bind(e.type.rawValue)
                bind(pre.data); bind(pre.metadata); bind(group.timestampText)
            }
            do {
                try insertEvent.stepOnce(db)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw DuplicateEventInsert(eventID: e.eventID)
            }
            recorded.append(RecordedEvent(
                eventID: e.eventID, streamID: stream, version: StreamVersion(version),
                position: GlobalPosition(head), type: e.type, data: e.data,
                metadata: e.metadata, recordedAt: group.timestamp.date))
        }
        let lastType = events[events.count - 1].type.rawValue
        // The listing row exists exactly when the stream had events: update it in place
        // (cheaper than an upsert), or create it.
        var updated = false
        if current > .none {
            try statements.updateStream.bindEach { bind in
                bind(version); bind(head); bind(group.timestampText); bind(lastType); bind(streamText)
            }
            try statements.updateStream.stepOnce(db)
            updated = db.changesCount > 0
        }
        if !updated {
            try statements.insertStream.bindEach { bind in
                bind(streamText); bind(stream.category); bind(version); bind(head); bind(group.timestampText); bind(lastType)
            }
            try statements.insertStream.stepOnce(db)
        }
        group.head = head
        group.written[streamText] = version
        return AppendResult(streamID: stream, version: StreamVersion(version), events: recorded)
    }

    private static func storedVersion(_ db: Database, _ stream: String) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM streams WHERE stream_id = ?"), arguments: [stream]) ?? 0
    }

    /// The stored events when every id of this append is already in the stream (a retry);
    /// `nil` when none is.
    /// - Throws: `EventStoreError.duplicateEventID` when only some are, or one is in another stream.
    private func storedEvents(_ db: Database, current: StreamVersion) throws -> AppendResult? {
        guard !events.isEmpty else { return nil }
        let lookup = try db.cachedStatement(sql: "SELECT \(EventRow.columns) FROM events WHERE event_id = ?")
        var found: [RecordedEvent] = []
        for e in events {
            guard let row = try Row.fetchOne(lookup, arguments: [e.eventID.uuidString]) else { continue }
            let stored = EventRow.decode(row)
            guard stored.streamID == stream else {
                throw EventStoreError.duplicateEventID(stream: stream, eventID: e.eventID.uuidString)
            }
            found.append(stored)
        }
        if found.isEmpty { return nil }
        guard found.count == events.count else {
            throw EventStoreError.duplicateEventID(stream: stream, eventID: found[0].eventID.uuidString)
        }
        return AppendResult(streamID: stream, version: current, events: found)
    }
}

/// An insert hit the UNIQUE index on `event_id`: the append is a retry or a duplicate, and
/// is decided again on the slow path after its savepoint is rolled back.
struct DuplicateEventInsert: Error {
    /// The id whose insert failed.
    let eventID: UUID
}
