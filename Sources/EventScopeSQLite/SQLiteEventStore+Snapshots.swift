import EventScope
import Foundation
import GRDB

/// Snapshots in the `snapshots` table (migrations `v2-snapshots`, `v3-snapshot-history`), keyed
/// by (stream, version): each stream's latest and a thinned history (``SnapshotHistory``).
/// Written through the pool's writer, between group commits, never inside one.
extension SQLiteEventStore: SnapshotStore {
    /// Upserts the row, and in the same transaction deletes the stream's rows past it and
    /// those the history's thinning drops.
    public func writeSnapshot(_ snapshot: StoredSnapshot) async throws {
        try await writing { db in
            let stream = snapshot.streamID.rawValue
            let stored = try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT version FROM snapshots WHERE stream_id = ?"), arguments: [stream])
            let drop = SnapshotHistory.standard.dropped(whenWriting: snapshot.version.value, among: stored)
            let delete = try db.cachedStatement(sql: "DELETE FROM snapshots WHERE stream_id = ? AND version = ?")
            for v in drop { try delete.execute(arguments: [stream, v]) }
            try db.cachedStatement(sql: """
                INSERT INTO snapshots (stream_id, version, event_id, schema, state, taken_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (stream_id, version) DO UPDATE SET event_id = excluded.event_id,
                    schema = excluded.schema, state = excluded.state, taken_at = excluded.taken_at
                """).execute(arguments: [
                    stream, snapshot.version.value, snapshot.eventID.uuidString, snapshot.schema,
                    EventRow.dataValue(snapshot.state), SQLiteEventStore.timestampText(snapshot.takenAt),
                ])
        }
    }

    public func snapshot(of stream: StreamID) async throws -> StoredSnapshot? {
        try await reading { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(SnapshotRow.columns) FROM snapshots WHERE stream_id = ? ORDER BY version DESC LIMIT 1"),
                arguments: [stream.rawValue]
            ).map(SnapshotRow.decode)
        }
    }

    public func snapshot(of stream: StreamID, atOrBefore version: StreamVersion) async throws -> StoredSnapshot? {
        try await reading { db in
            try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT \(SnapshotRow.columns) FROM snapshots WHERE stream_id = ? AND version <= ? ORDER BY version DESC LIMIT 1
                    """),
                arguments: [stream.rawValue, version.value]
            ).map(SnapshotRow.decode)
        }
    }

    public func snapshotVersions(of stream: StreamID) async throws -> [StreamVersion] {
        try await reading { db in
            try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT version FROM snapshots WHERE stream_id = ? ORDER BY version"),
                arguments: [stream.rawValue]
            ).map { StreamVersion($0) }
        }
    }

    /// The latest of each stream: SQLite takes the bare columns from the row with the `max`.
    public func snapshots(after stream: StreamID?, limit: Int) async throws -> [StoredSnapshot] {
        guard limit > 0 else { return [] }
        return try await reading { db in
            try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT stream_id, max(version), event_id, schema, state, taken_at FROM snapshots
                    WHERE stream_id > ? GROUP BY stream_id ORDER BY stream_id LIMIT ?
                    """),
                arguments: [stream?.rawValue ?? "", limit]
            ).map(SnapshotRow.decode)
        }
    }

    public func deleteSnapshot(of stream: StreamID) async throws {
        try await writing { db in
            try db.execute(sql: "DELETE FROM snapshots WHERE stream_id = ?", arguments: [stream.rawValue])
        }
    }
}

/// The `snapshots` columns in the order ``SnapshotRow/decode(_:)`` reads them.
enum SnapshotRow {
    static let columns = "stream_id, version, event_id, schema, state, taken_at"

    /// A snapshot from a row; a value that is not what the store writes (a row edited by hand)
    /// is read as empty or zero, so the engine's check reports it instead of a reader failing.
    static func decode(_ row: Row) -> StoredSnapshot {
        let state = (row[4] as Data?) ?? Data()
        return StoredSnapshot(
            streamID: StreamID((row[0] as String?) ?? ""),
            version: StreamVersion((row[1] as Int64?) ?? 0),
            eventID: (row[2] as String?).flatMap(UUID.init(uuidString:)) ?? EventRow.malformedID,
            schema: (row[3] as String?) ?? "",
            state: state,
            takenAt: ((row[5] as String?).flatMap(Timestamp.init(text:)) ?? Timestamp(milliseconds: 0)).date)
    }
}
