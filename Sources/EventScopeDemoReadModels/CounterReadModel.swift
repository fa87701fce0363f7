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
        SQLiteReadModel(name: name, database: database, tables: ["counters"], setup: setup, apply: apply)
    }

    /// The read model in a file of its own (for a Redis or in-memory event store).
    public static func open(path: String) async throws -> SQLiteReadModel {
        try await SQLiteReadModel.open(name: name, path: path, tables: ["counters"], setup: setup, apply: apply)
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
