import EventScope
import Foundation
import GRDB
import Synchronization

/// A read model kept in SQLite tables, as an ``EventHandler``: for each batch of events it
/// runs `apply` on every event and records the checkpoint in the same transaction, so after
/// a crash or a restart it resumes exactly after the last event it applied — none twice,
/// none skipped.
///
/// The tables may live in the event store's own file (pass ``SQLiteEventStore/database``; the
/// `sqlite3` shell then shows events and read models side by side) or in a file of their own
/// (``init(name:path:setup:apply:)``), whatever the event store is.
///
/// Pages are committed unsynced (`synchronous=NORMAL`, in WAL mode only): a power cut may
/// take the model back to an earlier checkpoint, and it applies those events again. In the
/// store's file, this spares every append waiting on the store's writer a second fsync.
///
/// ```swift
/// let model = SQLiteReadModel(name: "totals", database: store.database,
///     setup: { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS totals (...)") },
///     apply: { db, event in ... })
/// let runner = HandlerRunner(handler: model, store: store)
/// runner.start()
/// ```
public final class SQLiteReadModel: EventHandler {
    /// Updates the read model's tables for one event, inside the batch's transaction.
    public typealias Apply = @Sendable (Database, RecordedEvent) throws -> Void
    /// Updates the read model's tables for consecutive events at once, inside the batch's
    /// transaction: e.g. folding a page's events per row and writing each row once. It must
    /// leave the tables as applying the events one by one would.
    public typealias ApplyBatch = @Sendable (Database, ArraySlice<RecordedEvent>) throws -> Void

    /// The checkpoint table shared by every read model in a database:
    /// `read_model_checkpoints(name TEXT PRIMARY KEY, position INTEGER)`.
    public static let checkpointTable = "read_model_checkpoints"
    /// Events skipped by hand, per read model:
    /// `read_model_skips(name, position, event_type, reason, skipped_at)`.
    public static let skipTable = "read_model_skips"
    /// Who keeps each read model (one row per model; see ``renew(_:staleAfter:)``):
    /// `read_model_leases(name, pid, host, heartbeat_at, phase, failure_position, failure_stream,
    /// failure_type, failure_message)`.
    public static let leaseTable = "read_model_leases"

    public let name: String
    /// Where the read model's tables are.
    public let database: any DatabaseWriter
    private let setup: @Sendable (Database) throws -> Void
    private let apply: ApplyBatch
    /// The tables ``reset()`` empties.
    public let tables: [String]
    /// Whether the tables are known to exist (set up on first use, not in `init`, so that
    /// creating a model never blocks a thread).
    private let ready = Atomic<Bool>(false)

    /// A read model in an existing database. Its tables are created on first use.
    /// - Parameters:
    ///   - name: the checkpoint key; keep it stable across releases.
    ///   - setup: creates the model's tables if they are missing (`CREATE TABLE IF NOT EXISTS`).
    ///   - apply: updates the tables for one event; events the model ignores are simply
    ///     skipped. An error it throws (other than an outage of the database) stops the
    ///     handler at that event (``HandlerFailure``).
    ///   - tables: the model's tables, emptied by ``reset()`` (a rebuild); with none, the
    ///     model cannot be rebuilt.
    public init(name: String, database: any DatabaseWriter, tables: [String] = [], setup: @escaping @Sendable (Database) throws -> Void, apply: @escaping Apply) {
        self.name = name
        self.database = database
        self.tables = tables
        self.setup = setup
        self.apply = { db, events in
            for e in events {
                do {
                    try apply(db, e)
                } catch let error as DatabaseError where SQLiteReadModel.isOutage(error) {
                    throw error
                } catch {
                    // The event's own failure (bad data, a bug): the runner stops at it.
                    throw HandlerFailure(event: e, error: error)
                }
            }
        }
    }

    /// A read model in an existing database that applies a page of events at once
    /// (``ApplyBatch``): fewer statements than one per event, the way to rebuild fast. When
    /// `applyBatch` throws (other than an outage of the database), the transaction is rolled
    /// back and ``HandlerRunner`` hands the events again one at a time, to stop at the one that
    /// throws.
    public init(name: String, database: any DatabaseWriter, tables: [String] = [], setup: @escaping @Sendable (Database) throws -> Void, applyBatch: @escaping ApplyBatch) {
        self.name = name
        self.database = database
        self.tables = tables
        self.setup = setup
        self.apply = applyBatch
    }

    /// A read model in a database file of its own (created if missing, WAL mode), opened off
    /// the cooperative thread pool.
    public static func open(name: String, path: String, tables: [String] = [], setup: @escaping @Sendable (Database) throws -> Void, apply: @escaping Apply) async throws -> SQLiteReadModel {
        SQLiteReadModel(name: name, database: try await openDatabase(path: path), tables: tables, setup: setup, apply: apply)
    }

    /// Opens (creating if missing, WAL mode) a database file for read models, off the
    /// cooperative thread pool.
    public static func openDatabase(path: String) async throws -> DatabasePool {
        try await Blocking.run {
            var config = Configuration()
            config.journalMode = .wal
            config.busyMode = .timeout(5)
            do {
                return try DatabasePool(path: path, configuration: config)
            } catch {
                throw StoreFailure.map(error, path: path, busyTimeout: 5)
            }
        }
    }

    /// Creates the checkpoint table and the model's tables if needed.
    public func prepare() async throws {
        guard !ready.load(ordering: .acquiring) else { return }
        let setup = self.setup
        do {
            try await database.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(Self.checkpointTable) (name TEXT PRIMARY KEY, position INTEGER NOT NULL)")
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS \(Self.skipTable) (
                        name TEXT NOT NULL, position INTEGER NOT NULL, event_type TEXT NOT NULL,
                        reason TEXT NOT NULL, skipped_at REAL NOT NULL, PRIMARY KEY (name, position))
                    """)
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS \(Self.leaseTable) (
                        name TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, heartbeat_at REAL NOT NULL,
                        phase TEXT NOT NULL, failure_position INTEGER, failure_stream TEXT, failure_type TEXT, failure_message TEXT)
                    """)
                try setup(db)
            }
        } catch {
            throw StoreFailure.map(error, path: database.path, busyTimeout: 5)
        }
        ready.store(true, ordering: .releasing)
    }

    public func checkpoint() async throws -> GlobalPosition {
        try await prepare()
        let name = self.name
        do {
            return try await database.read { db in try Self.storedCheckpoint(db, name: name) }
        } catch {
            throw StoreFailure.map(error, path: database.path, busyTimeout: 5)
        }
    }

    /// Applies the events past the stored checkpoint and moves the checkpoint, atomically.
    /// Events at or before the checkpoint are ignored, so a batch delivered twice applies once.
    public func handle(_ events: [RecordedEvent]) async throws {
        guard let last = events.last else { return }
        try await prepare()
        let name = self.name
        let apply = self.apply
        do {
            try await write(events, last: last, name: name, apply: apply)
        } catch let failure as HandlerFailure {
            throw failure
        } catch let failure as BatchFailure {
            throw failure
        } catch {
            throw StoreFailure.map(error, path: database.path, busyTimeout: 5)
        }
    }

    /// Applies a page in one transaction that is not synced to the disk on its own (see
    /// ``RelaxedSync``): a read model is rebuilt from the log, so the page only has to be
    /// atomic with its checkpoint, not durable before the next one.
    private func write(_ events: [RecordedEvent], last: RecordedEvent, name: String, apply: @escaping ApplyBatch) async throws {
        try await database.writeWithoutTransaction { db in
            try RelaxedSync.transaction(db) {
                try Self.applyPage(db, events, last: last, name: name, apply: apply)
            }
        }
    }

    /// Applies the events past the checkpoint and moves it, inside the caller's transaction.
    private static func applyPage(_ db: Database, _ events: [RecordedEvent], last: RecordedEvent, name: String, apply: ApplyBatch) throws {
        let checkpoint = try Self.storedCheckpoint(db, name: name)
        // Events come in `$all` order: those past the checkpoint are a suffix.
        let fresh = events.firstIndex { $0.position > checkpoint } ?? events.endIndex
        if fresh < events.endIndex {
            do {
                try apply(db, events[fresh...])
            } catch let error as DatabaseError where Self.isOutage(error) {
                throw error
            } catch let failure as HandlerFailure {
                throw failure
            } catch let error where fresh == events.count - 1 {
                throw HandlerFailure(event: events[fresh], error: error)
            } catch {
                // Some event of the batch cannot be applied: the runner finds which, one at a time.
                throw BatchFailure(error: error)
            }
        }
        guard last.position > checkpoint else { return }
        try db.cachedStatement(
            sql: "INSERT INTO \(Self.checkpointTable) (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position"
        ).execute(arguments: [name, last.position.value])
    }

    static func storedCheckpoint(_ db: Database, name: String) throws -> GlobalPosition {
        GlobalPosition(try Int64.fetchOne(db.cachedStatement(sql: "SELECT position FROM \(checkpointTable) WHERE name = ?"), arguments: [name]) ?? 0)
    }
}

/// An event of a batch could not be applied (``SQLiteReadModel/ApplyBatch`` threw): not an
/// outage, so ``HandlerRunner`` hands the events again one at a time and stops at the one
/// that throws.
struct BatchFailure: Error, CustomStringConvertible {
    let error: any Error
    var description: String { "a batch of events could not be applied: \(error)" }
}
