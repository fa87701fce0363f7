import EventScope
import GRDB

/// The store's tables, created and upgraded by named migrations.
///
/// ```sql
/// events(position INTEGER PRIMARY KEY, event_id TEXT UNIQUE, stream_id TEXT, version INTEGER,
///        type TEXT, data TEXT, metadata TEXT, recorded_at TEXT, UNIQUE(stream_id, version))
/// streams(stream_id TEXT PRIMARY KEY, category TEXT, version INTEGER, last_position INTEGER,
///         last_updated TEXT, last_event_type TEXT)
/// snapshots(stream_id TEXT, version INTEGER, event_id TEXT, schema TEXT, state TEXT,
///           taken_at TEXT, PRIMARY KEY (stream_id, version))      -- v2-snapshots, v3-snapshot-history
/// ```
///
/// `snapshots` holds each stream's latest snapshot (its highest version) and a thinned history
/// of earlier ones (``SnapshotHistory``); `v2-snapshots` kept one row per stream, and
/// `v3-snapshot-history` re-keys the table by (stream, version), keeping its rows.
///
/// `data` and `metadata` are JSON text, `recorded_at`/`last_updated` ISO-8601 UTC with
/// milliseconds, so the `sqlite3` shell shows them as they are. `PRAGMA user_version` holds
/// ``version``; a database with a higher number, or with a migration this build does not
/// know, was written by a newer EventScope and is refused.
enum StoreSchema {
    /// The schema version this build writes (`PRAGMA user_version`).
    static let version = 3

    /// The migrations, in order. Identifiers are stored in `grdb_migrations`: never rename one.
    static var migrator: DatabaseMigrator {
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
        // Snapshots of aggregate state (a cache: deleting the table's rows loses nothing).
        migrator.registerMigration("v2-snapshots") { db in
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
        }
        // More than the latest snapshot per stream, for time travel: keyed by (stream, version).
        // The rows of v2 (one per stream, its latest) are kept as they are.
        migrator.registerMigration("v3-snapshot-history") { db in
            try db.execute(sql: """
                CREATE TABLE snapshots_v3 (
                    stream_id TEXT NOT NULL,
                    version   INTEGER NOT NULL,
                    event_id  TEXT NOT NULL,
                    schema    TEXT NOT NULL,
                    state     TEXT NOT NULL,
                    taken_at  TEXT NOT NULL,
                    PRIMARY KEY (stream_id, version)
                );
                INSERT INTO snapshots_v3 (stream_id, version, event_id, schema, state, taken_at)
                    SELECT stream_id, version, event_id, schema, state, taken_at FROM snapshots;
                DROP TABLE snapshots;
                ALTER TABLE snapshots_v3 RENAME TO snapshots;
                PRAGMA user_version = 3;
                """)
        }
        return migrator
    }

    /// Refuses a database written by a newer schema, or one that is not an EventScope store.
    /// - Throws: `EventStoreError.invalid` naming the file and what to do.
    static func checkCompatible(_ db: Database, path: String) throws {
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if userVersion > version {
            throw EventStoreError.invalid(
                "\(path) was written by a newer EventScope (schema version \(userVersion), this build knows up to \(version)); "
                    + "upgrade eventscope to open it, or choose another file")
        }
        let known = Set(migrator.migrations)
        if try db.tableExists("grdb_migrations") {
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw EventStoreError.invalid(
                    "\(path) was written by a newer EventScope (unknown schema migration \"\(unknown)\"); "
                        + "upgrade eventscope to open it, or choose another file")
            }
        } else {
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if !tables.isEmpty {
                throw EventStoreError.invalid(
                    "\(path) is an SQLite database but not an EventScope store (it has tables \(tables.prefix(5).joined(separator: ", "))); "
                        + "choose another file")
            }
        }
    }
}
