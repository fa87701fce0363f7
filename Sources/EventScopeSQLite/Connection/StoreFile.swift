import EventScope
import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path names: its device and inode. A database file renamed over, or deleted
/// and created again, under a running store keeps its path but not its identity, and the
/// store's open connections still read and write the old file.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` now; `nil` when there is none.
    static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// The connections a store has open on its file: the pool (one writer, several readers) and
/// the change watcher's own connection, with the file's identity when they were opened.
/// A store opens a new set when its file was replaced.
struct StoreConnections: Sendable {
    let pool: DatabasePool
    let watcherConnection: DatabaseQueue
    /// The watcher connection's data version, read before `head`.
    let baseline: Int64
    let head: GlobalPosition
    let identity: FileIdentity?

    /// Opens (creating if needed) the store's file, migrates it, and reads its head.
    /// - Throws: GRDB's errors, and `EventStoreError.invalid` for a file of another application
    ///   or a newer EventScope.
    static func open(path: String, options: SQLiteEventStore.Options, turns: WriteTurns) throws -> StoreConnections {
        // Several processes opening a file that is new (or still being migrated) race to
        // set WAL mode and to create the tables: SQLite answers the losers SQLITE_BUSY at
        // once (no busy handler runs for the journal-mode switch), and a migration whose
        // tables another opener just created fails with "already exists". Both are settled by
        // opening again: the winner's schema is then there. Up to the busy timeout.
        let deadline = ContinuousClock.now + options.busyTimeout
        var attempt = 0
        while true {
            do {
                return try openOnce(path: path, options: options, turns: turns)
            } catch let error as DatabaseError where isCreationRace(error) && ContinuousClock.now < deadline {
                attempt += 1
                usleep(UInt32.random(in: 2_000...(5_000 + 5_000 * UInt32(min(attempt, 10)))))
            }
        }
    }

    /// A failure that another opener creating or migrating the same file at the same moment
    /// explains.
    static func isCreationRace(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return true
        case .SQLITE_ERROR: return error.message?.contains("already exists") == true
        default: return false
        }
    }

    private static func openOnce(path: String, options: SQLiteEventStore.Options, turns: WriteTurns) throws -> StoreConnections {
        var config = Configuration()
        config.journalMode = .wal
        // Short, jittered, announced waits for the write lock: see WriteTurns.
        config.busyMode = .callback { tries in turns.busy(tries: tries) }
        config.label = "EventScope"
        let synchronous = options.durable ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // Checkpoint every ~40 MB of WAL rather than every 4 MB: the hot pages (stream
            // listing, index tails) are rewritten by every group and copied back far less often.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            db.add(function: StreamFilter.containsFunction)
        }
        let pool = try DatabasePool(path: path, configuration: config)
        // GRDB sets `synchronous = NORMAL` on the writer when it enables WAL, after
        // `prepareDatabase`: set the durability we promise again, on the one connection
        // that commits.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
        try pool.read { db in try StoreSchema.checkCompatible(db, path: path) }
        try migrate(pool)
        let identity = FileIdentity.of(path)

        var watcherConfig = Configuration()
        watcherConfig.busyMode = .timeout(options.busyTimeout.seconds)
        watcherConfig.label = "EventScope.watcher"
        let watcherConnection = try DatabaseQueue(path: path, configuration: watcherConfig)
        let (baseline, head) = try watcherConnection.read { db in
            (try ChangeWatcher.dataVersion(db), try Int64.fetchOne(db, sql: "SELECT max(position) FROM events") ?? 0)
        }
        return StoreConnections(
            pool: pool, watcherConnection: watcherConnection, baseline: baseline, head: GlobalPosition(head), identity: identity)
    }

    /// Runs the migrations; tolerates another process having run them at the same moment.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = StoreSchema.migrator
        do {
            try migrator.migrate(pool)
        } catch {
            guard try pool.read({ try migrator.hasCompletedMigrations($0) }) else { throw error }
        }
    }
}
