import EventScopeDemo
import EventScope
import Foundation
import GRDB
import EventScopeSQLite
/// The original design's read model: a `counters` table with one row per counter, kept by an
/// event handler from `$all`, its checkpoint written in the same transaction.
///
/// ```sql
/// counters(counter_id TEXT PRIMARY KEY, count INTEGER NOT NULL, version INTEGER NOT NULL)
/// ```
/// `counter_id` is the id part of the stream (`7` for `counter-7`); `version` is the stream
/// version of the last event applied.
public enum CounterReadModel {
    /// The handler's checkpoint name.
    public static let name = "counters"

    /// The read model in `database` (e.g. the SQLite event store's own ``SQLiteEventStore/database``).
    public static func make(database: any DatabaseWriter) -> SQLiteReadModel {
        SQLiteReadModel(name: name, database: database, tables: ["counters"], setup: setup, applyBatch: applyBatch)
    }

    /// The read model in a file of its own (for a Redis or in-memory event store).
    public static func open(path: String) async throws -> SQLiteReadModel {
        SQLiteReadModel(name: name, database: try await SQLiteReadModel.openDatabase(path: path), tables: ["counters"], setup: setup, applyBatch: applyBatch)
    }

    /// Every counter's count, by counter id.
    public static func counts(in database: any DatabaseReader) async throws -> [String: Int] {
        try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT counter_id, count FROM counters") {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    @Sendable static func setup(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS counters (
                counter_id TEXT PRIMARY KEY,
                count      INTEGER NOT NULL,
                version    INTEGER NOT NULL
            )
            """)
    }

    /// A page of events, folded per counter first (counter events interleave: a page of 4,096
    /// events touches each counter a few times, a rebuild's pages many times): one statement
    /// per counter created and one per counter incremented, the table left as ``apply(_:_:)``
    /// one event at a time would leave it.
    @Sendable static func applyBatch(_ db: Database, _ events: ArraySlice<RecordedEvent>) throws {
        var created: [(stream: String, version: Int64)] = []
        var increments: [String: (count: Int64, version: Int64)] = [:]
        var order: [String] = []
        let prefix = Array((Counter.category + "-").utf8)
        for event in events {
            let stream = event.streamID.rawValue
            guard stream.utf8.starts(with: prefix) else { continue }
            switch event.type {
            case CounterCreated.eventType:
                created.append((stream, event.version.value))
            case CounterIncremented.eventType:
                if let seen = increments[stream] {
                    increments[stream] = (seen.count + 1, event.version.value)
                } else {
                    increments[stream] = (1, event.version.value)
                    order.append(stream)
                }
            default:
                continue
            }
        }
        // Creations first: an increment then adds to the row a creation made (a counter's
        // creation is its first event; were it not, DO NOTHING keeps the row either way, as
        // one event at a time would).
        if !created.isEmpty {
            let insert = try db.cachedStatement(sql: "INSERT INTO counters (counter_id, count, version) VALUES (?, 0, ?) ON CONFLICT (counter_id) DO NOTHING")
            for (stream, version) in created {
                try insert.execute(arguments: [StreamID(stream).id, version])
            }
        }
        if !order.isEmpty {
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO counters (counter_id, count, version) VALUES (?, ?, ?)
                ON CONFLICT (counter_id) DO UPDATE SET count = count + excluded.count, version = excluded.version
                """)
            for stream in order {
                let fold = increments[stream]!
                try upsert.execute(arguments: [StreamID(stream).id, fold.count, fold.version])
            }
        }
    }

    /// Adds one per increment (rather than copying the event's count), so an event applied
    /// twice or skipped would show in the table.
    @Sendable static func apply(_ db: Database, _ event: RecordedEvent) throws {
        guard event.streamID.category == Counter.category else { return }
        switch event.type {
        case CounterCreated.eventType:
            try db.cachedStatement(
                sql: "INSERT INTO counters (counter_id, count, version) VALUES (?, 0, ?) ON CONFLICT (counter_id) DO NOTHING"
            ).execute(arguments: [event.streamID.id, event.version.value])
        case CounterIncremented.eventType:
            try db.cachedStatement(
                sql: """
                    INSERT INTO counters (counter_id, count, version) VALUES (?, 1, ?)
                    ON CONFLICT (counter_id) DO UPDATE SET count = count + 1, version = excluded.version
                    """
            ).execute(arguments: [event.streamID.id, event.version.value])
        default:
            return
        }
    }
}
