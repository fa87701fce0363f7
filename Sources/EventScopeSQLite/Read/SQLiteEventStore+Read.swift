import EventScope
import GRDB

extension SQLiteEventStore {
    public func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        return try await reading { db in
            try EventRowReader.fetchAll(
                db.cachedStatement(sql: "SELECT \(EventRow.columns) FROM events WHERE stream_id = ? AND version >= ? ORDER BY version LIMIT ?"),
                arguments: [stream.rawValue, version.value, limit], capacity: min(limit, 4_096))
        }
    }

    public func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        return try await reading { db in
            try EventRowReader.fetchAll(
                db.cachedStatement(sql: "SELECT \(EventRow.columns) FROM events WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT ?"),
                arguments: [stream.rawValue, version?.value ?? Int64.max, limit], capacity: min(limit, 4_096))
        }
    }

    public func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        let page = try await reading { db in
            try EventRowReader.fetchAll(
                db.cachedStatement(sql: "SELECT \(EventRow.columns) FROM events WHERE position >= ? ORDER BY position LIMIT ?"),
                arguments: [position.value, limit], capacity: min(limit, 4_096))
        }
        // Nothing at or after a position the head passed: the store went back (a subscriber
        // would otherwise be told "there is more" by the stale head forever).
        if page.isEmpty { try await checkEmptyPage(from: position) }
        return page
    }

    public func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        guard limit > 0 else { return [] }
        return try await reading { db in
            try EventRowReader.fetchAll(
                db.cachedStatement(sql: "SELECT \(EventRow.columns) FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?"),
                arguments: [position?.value ?? Int64.max, limit], capacity: min(limit, 4_096))
        }
    }

    public func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        guard limit > 0 else { return [] }
        let (sql, arguments) = StreamFilter.sql(after: cursor, limit: limit, query: query)
        return try await reading { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(StreamRow.decode)
        }
    }

    public func streamInfo(_ stream: StreamID) async throws -> StreamInfo? {
        try await reading { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(StreamRow.columns) FROM streams WHERE stream_id = ?"),
                arguments: [stream.rawValue]
            ).map(StreamRow.decode)
        }
    }

    /// Counts and the head. Positions are gap-free from 1, so the event count is the head.
    public func stats() async throws -> StoreStats {
        try await reading { db in
            let head = try Int64.fetchOne(db, sql: "SELECT max(position) FROM events") ?? 0
            let streams = try Int64.fetchOne(db, sql: "SELECT count(*) FROM streams") ?? 0
            return StoreStats(eventCount: head, streamCount: streams, headPosition: GlobalPosition(head))
        }
    }
}
