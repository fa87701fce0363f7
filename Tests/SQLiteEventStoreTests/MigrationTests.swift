import EventScope
import EventScopeTesting
import Foundation
import GRDB
import EventScopeSQLite
import Testing

/// Files written by older schemas are upgraded in place by the named migrations.
@Suite("Schema migrations")
struct MigrationTests {
    /// Today's schema before snapshots (migration `v1-events-and-streams`, user_version 1),
    /// written exactly as that build wrote it.
    static func writeVersion1File(_ path: String) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events-and-streams") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    position    INTEGER PRIMARY KEY,
                    event_id    TEXT NOT NULL UNIQUE,
                    stream_id   TEXT NOT NULL,
                    version     INTEGER NOT NULL,
                    type        TEXT NOT NULL,
                    data        TEXT NOT NULL,
                    metadata    TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    UNIQUE (stream_id, version)
                );
                CREATE TABLE streams (
                    stream_id       TEXT PRIMARY KEY,
                    category        TEXT NOT NULL,
                    version         INTEGER NOT NULL,
                    last_position   INTEGER NOT NULL,
                    last_updated    TEXT NOT NULL,
                    last_event_type TEXT NOT NULL
                );
                CREATE INDEX streams_by_last_position ON streams (last_position);
                CREATE INDEX streams_by_category ON streams (category, last_position);
                PRAGMA user_version = 1;
                """)
        }
        let queue = try DatabaseQueue(path: path)
        try migrator.migrate(queue)
        try queue.write { db in
            for v in 1...3 {
                try db.execute(
                    sql: "INSERT INTO events VALUES (?, ?, 'old-1', ?, 'test.happened', ?, '{}', '2026-11-27T17:50:07.123Z')",
                    arguments: [v, UUID().uuidString, v, "{\"n\":\(v)}"])
            }
            try db.execute(sql: "INSERT INTO streams VALUES ('old-1', 'old', 3, 3, '2026-11-27T17:50:07.123Z', 'test.happened')")
        }
    }

    @Test("a file of schema 1 gains the snapshots table and keeps its events")
    func upgradesVersion1() async throws {
        let directory = TemporaryDirectory("migrate")
        defer { directory.remove() }
        let path = directory.path("v1.sqlite")
        try Self.writeVersion1File(path)

        let store = try await SQLiteEventStore.open(path: path)
        let old = try await store.readStream("old-1")
        #expect(old.map(\.version.value) == [1, 2, 3])
        #expect(old.map { String(decoding: $0.data, as: UTF8.self) } == ["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"])
        let appended = try await store.append(StoreContract.events(1, start: 4), to: "old-1", expected: .exact(3))
        #expect(appended.events.map(\.position.value) == [4])
        let snapshot = StoredSnapshot(streamID: "old-1", version: 4, eventID: appended.events[0].eventID, schema: "old/v1/0", state: Data("{}".utf8))
        try await store.writeSnapshot(snapshot)
        #expect(try await store.snapshot(of: "old-1")?.version == 4)
        await store.close()

        let (userVersion, migrations) = try await DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"), try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"))
        }
        #expect(userVersion == 3)
        #expect(migrations == ["v1-events-and-streams", "v2-snapshots", "v3-snapshot-history"])
        // Opening again changes nothing.
        let again = try await SQLiteEventStore.open(path: path)
        #expect(try await again.stats().eventCount == 4)
        await again.close()
    }

    /// The schema of migration `v2-snapshots` (user_version 2: one snapshot row per stream, keyed
    /// by stream), written exactly as that build wrote it, with one stream of 3 events and its
    /// snapshot at version 3.
    static func writeVersion2File(_ path: String, eventID: UUID) throws {
        try writeVersion1File(path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE snapshots (
                    stream_id TEXT PRIMARY KEY,
                    version   INTEGER NOT NULL,
                    event_id  TEXT NOT NULL,
                    schema    TEXT NOT NULL,
                    state     TEXT NOT NULL,
                    taken_at  TEXT NOT NULL
                );
                PRAGMA user_version = 2;
                """)
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v2-snapshots')")
            try db.execute(sql: "UPDATE events SET event_id = ? WHERE stream_id = 'old-1' AND version = 3", arguments: [eventID.uuidString])
            try db.execute(
                sql: "INSERT INTO snapshots VALUES ('old-1', 3, ?, 'old/v1/0', '{\"n\":3}', '2026-11-27T17:50:08.000Z')",
                arguments: [eventID.uuidString])
        }
    }

    @Test("a file of schema 2 keeps its snapshot as the stream's latest and gains a history keyed by version")
    func upgradesVersion2() async throws {
        let directory = TemporaryDirectory("migrate")
        defer { directory.remove() }
        let path = directory.path("v2.sqlite")
        let eventID = UUID()
        try Self.writeVersion2File(path, eventID: eventID)

        let store = try await SQLiteEventStore.open(path: path)
        let kept = try #require(try await store.snapshot(of: "old-1"))
        #expect(kept.version == 3 && kept.eventID == eventID && kept.schema == "old/v1/0")
        #expect(String(decoding: kept.state, as: UTF8.self) == "{\"n\":3}")
        #expect(try await store.readStream("old-1").map(\.version.value) == [1, 2, 3])
        // The history: a later snapshot (in another bucket of the thinning) no longer replaces it.
        let later = StoredSnapshot(streamID: "old-1", version: 1_500, eventID: UUID(), schema: "old/v1/0", state: Data("{}".utf8))
        try await store.writeSnapshot(later)
        #expect(try await store.snapshot(of: "old-1")?.version == 1_500)
        #expect(try await store.snapshotVersions(of: "old-1") == [3, 1_500])
        #expect(try await store.snapshot(of: "old-1", atOrBefore: 1_499) == kept)
        #expect(try await store.snapshot(of: "old-1", atOrBefore: 2) == nil)
        await store.close()

        let (userVersion, migrations) = try await DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"), try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"))
        }
        #expect(userVersion == 3)
        #expect(migrations == ["v1-events-and-streams", "v2-snapshots", "v3-snapshot-history"])
        let again = try await SQLiteEventStore.open(path: path)
        #expect(try await again.snapshotVersions(of: "old-1") == [3, 1_500], "opening again changes nothing")
        await again.close()
    }
}
