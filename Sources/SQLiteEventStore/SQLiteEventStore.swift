import EventSourcing
import Foundation
import GRDB

/// The embedded default ``EventStore``: one SQLite file through GRDB (WAL mode).
///
/// Concurrent appends are group-committed (one transaction, one savepoint each); commits of
/// other processes on the same file wake ``waitForEvents(after:timeout:)`` within about
/// 25 ms. The file is a plain SQLite database; see ``StoreSchema`` for its tables.
///
/// ```swift
/// let store = try await SQLiteEventStore.open(path: "events.sqlite")
/// ```
public final class SQLiteEventStore: EventStore {
    /// How the store opens its file.
    public struct Options: Sendable {
        /// `true` (the default): `synchronous=FULL`, every acknowledged append survives a power
        /// loss. `false`: `synchronous=NORMAL`, faster, but the newest commits may be lost on
        /// power loss (never on a crash of the process alone).
        public var durable: Bool
        /// How long a write waits for another process's lock before failing with
        /// ``EventStoreError/unavailable(_:)``.
        public var busyTimeout: Duration
        /// How often other processes' commits are looked for while someone waits for events.
        public var pollInterval: Duration

        public init(durable: Bool = true, busyTimeout: Duration = .seconds(5), pollInterval: Duration = .milliseconds(25)) {
            self.durable = durable
            self.busyTimeout = busyTimeout
            self.pollInterval = pollInterval
        }
    }

    /// How appends were grouped into transactions (group commit at work).
    public struct WriteStats: Hashable, Sendable {
        /// Appends processed (committed or refused by their own rule).
        public var appends: Int
        /// Write transactions committed.
        public var transactions: Int
        /// Time spent writing groups (statements, commit and its fsync), in seconds.
        public var writeSeconds: Double = 0
    }

    /// The database file's path.
    public let path: String
    public let options: Options
    /// The connection pool (one writer, several readers). Read models may share it to keep
    /// their tables in the same file; writes through it queue with appends. Never write the
    /// `events` or `streams` tables through it: only ``append(_:to:expected:)`` may (the
    /// writer caches stream versions between its transactions).
    public let database: DatabasePool

    let signal: HeadSignal
    let committer: GroupCommitter
    private let watcher: ChangeWatcher

    /// Opens (creating if needed) the store at `path`, off the cooperative thread pool.
    /// - Throws: ``EventStoreError/invalid(_:)`` when the path cannot hold a database, the
    ///   file is not a database or was written by a newer EventScope;
    ///   ``EventStoreError/unavailable(_:)`` when it is locked by another process beyond the
    ///   busy timeout or cannot be written.
    public static func open(path: String, options: Options = Options()) async throws -> SQLiteEventStore {
        try await Blocking.run { try SQLiteEventStore(path: path, options: options) }
    }

    /// Opens the store synchronously; it may block up to the busy timeout. Prefer ``open(path:options:)``.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        self.options = options
        let timeout = options.busyTimeout.seconds
        let fail: @Sendable (any Error) -> any Error = { StoreFailure.map($0, path: path, busyTimeout: timeout) }
        try StoreFailure.checkLocation(path)

        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(timeout)
        config.label = "EventScope"
        let synchronous = options.durable ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            // Checkpoint every ~40 MB of WAL rather than every 4 MB: the hot pages (stream
            // listing, index tails) are rewritten by every group and copied back far less often.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            db.add(function: StreamFilter.containsFunction)
        }
        do {
            database = try DatabasePool(path: path, configuration: config)
            // GRDB sets `synchronous = NORMAL` on the writer when it enables WAL, after
            // `prepareDatabase`: set the durability we promise again, on the one connection
            // that commits.
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            try database.read { db in try StoreSchema.checkCompatible(db, path: path) }
            try Self.migrate(database)

            var watcherConfig = Configuration()
            watcherConfig.busyMode = .timeout(timeout)
            watcherConfig.label = "EventScope.watcher"
            let watcherConnection = try DatabaseQueue(path: path, configuration: watcherConfig)
            let (baseline, head) = try watcherConnection.read { db in
                (try ChangeWatcher.dataVersion(db), try Int64.fetchOne(db, sql: "SELECT max(position) FROM events") ?? 0)
            }
            signal = HeadSignal(head: GlobalPosition(head))
            watcher = ChangeWatcher(connection: watcherConnection, signal: signal, interval: options.pollInterval, baseline: baseline)
        } catch {
            throw fail(error)
        }
        let signal = self.signal
        committer = GroupCommitter(pool: database, mapError: fail) { signal.advance(to: $0) }
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

    /// `sqlite:PATH`, with `?sync=normal` when the store is not durable, so that people see it.
    public var displayName: String { options.durable ? "sqlite:\(path)" : "sqlite:\(path)?sync=normal" }

    /// Appends and transactions so far in this process: appends ÷ transactions is the
    /// average group size.
    public var writeStats: WriteStats { committer.stats }

    /// Appends `events` to `stream` in the next group commit.
    /// - Throws: ``EventStoreError/wrongExpectedVersion(stream:expected:actual:)``;
    ///   ``EventStoreError/duplicateEventID(stream:eventID:)`` when some ids are stored already,
    ///   one is stored in another stream, or the append carries one id twice (nothing written);
    ///   ``EventStoreError/unavailable(_:)``.
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        if let repeated = AppendRequest.repeatedEventID(events) {
            throw EventStoreError.duplicateEventID(stream: stream, eventID: repeated.uuidString)
        }
        return try await committer.append(AppendRequest(events: events, stream: stream, expected: expected))
    }

    public func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        if signal.head > position { return }
        await watcher.wait(after: position, timeout: timeout)
    }

    public func close() async {
        committer.close(message: "the SQLite store \(path) is closed")
        watcher.close()
        signal.wakeAll()
    }

    /// Runs a read, mapping SQLite's errors to ``EventStoreError``s.
    func reading<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(body)
        } catch {
            throw StoreFailure.map(error, path: path, busyTimeout: options.busyTimeout.seconds)
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
