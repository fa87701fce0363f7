import EventSourcing
import GRDB

/// One caller's append, as queued for the next group commit.
struct AppendRequest: Sendable {
    let events: [ProposedEvent]
    let stream: StreamID
    let expected: ExpectedVersion
}

extension AppendRequest {
    /// Writes this append inside the current transaction (the caller wraps it in a savepoint).
    ///
    /// - Parameters:
    ///   - head: the newest position in the database; advanced past the events written.
    ///   - now: the commit time shared by the whole group.
    /// - Throws: `EventStoreError.wrongExpectedVersion` / `.duplicateEventID` (nothing written),
    ///   or the database's error.
    func write(_ db: Database, head: inout Int64, now: Timestamp) throws -> AppendResult {
        let streamText = stream.rawValue
        let current = try StreamVersion(
            Int64.fetchOne(db.cachedStatement(sql: "SELECT version FROM streams WHERE stream_id = ?"), arguments: [streamText]) ?? 0)

        if let stored = try storedEvents(db, current: current) { return stored }
        guard expected.isSatisfied(by: current) else {
            throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: current)
        }
        guard !events.isEmpty else { return AppendResult(streamID: stream, version: current, events: []) }

        let insert = try db.cachedStatement(sql: """
            INSERT INTO events (position, event_id, stream_id, version, type, data, metadata, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let when = now.text
        let date = now.date
        var version = current.value
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(events.count)
        for e in events {
            head += 1
            version += 1
            let metadata = e.metadata.jsonData()
            insert.setUncheckedArguments([
                head, e.eventID.uuidString, streamText, version, e.type.rawValue,
                EventRow.dataValue(e.data), String(decoding: metadata, as: UTF8.self), when,
            ])
            try insert.execute()
            recorded.append(RecordedEvent(
                eventID: e.eventID, streamID: stream, version: StreamVersion(version),
                position: GlobalPosition(head), type: e.type, data: e.data,
                metadata: EventRow.metadata(metadata), recordedAt: date))
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO streams (stream_id, category, version, last_position, last_updated, last_event_type)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (stream_id) DO UPDATE SET
                version = excluded.version, last_position = excluded.last_position,
                last_updated = excluded.last_updated, last_event_type = excluded.last_event_type
            """)
        upsert.setUncheckedArguments([streamText, stream.category, version, head, when, events[events.count - 1].type.rawValue])
        try upsert.execute()
        return AppendResult(streamID: stream, version: StreamVersion(version), events: recorded)
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
