import EventScope
import Foundation
import GRDB
import Synchronization

/// The embedded default ``EventStore``: one SQLite file through GRDB (WAL mode).
///
/// Concurrent appends are group-committed (one transaction, one savepoint each); commits of
/// other processes on the same file wake ``waitForEvents(after:timeout:)`` within about
/// 25 ms. Writers of several processes take turns at SQLite's one write lock (see
/// `WriteTurns`). The file is a plain SQLite database; see ``StoreSchema`` for its tables.
///
/// A file replaced under the store (renamed over, or deleted and created again) or whose head
/// went back is noticed by the next append, read of an empty page or poll for other processes'
/// commits: the store opens the new file and goes on with it, and what was in flight at that
/// moment fails once with ``EventStoreError/storeReset(previousHead:head:)``.
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
        /// `true` (the default): a missing file is created as a new, empty store. `false`: the
        /// file must exist — for readers (`tail`, `show`, a read-only explorer), which must never
        /// create a store at a mistyped path; opening then throws ``EventStoreError/unavailable(_:)``.
        public var createIfMissing: Bool

        public init(durable: Bool = true, busyTimeout: Duration = .seconds(5), pollInterval: Duration = .milliseconds(25), createIfMissing: Bool = true) {
            self.durable = durable
            self.busyTimeout = busyTimeout
            self.pollInterval = pollInterval
            self.createIfMissing = createIfMissing
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
        /// Commits after which this store held back because another writer waited for the lock.
        public var yields: Int = 0
    }

    /// The database file's path.
    public let path: String
    public let options: Options
    /// The connection pool (one writer, several readers) on the file now at ``path``. Read
    /// models may share it to keep their tables in the same file; writes through it queue with
    /// appends. Never write the `events` or `streams` tables through it: only
    /// ``append(_:to:expected:)`` may (the writer caches stream versions between its
    /// transactions). After the file was replaced this is a new pool: read it again rather
    /// than keeping it.
    public var database: DatabasePool { state.withLock { $0.connections.pool } }

    let signal: HeadSignal
    let committer: GroupCommitter
    let watcher: ChangeWatcher
    private let turns: WriteTurns

    private struct State {
        var connections: StoreConnections
        var closed = false
        /// Bumped at each reset, with the heads before and after it.
        var resets = 0
        var lastReset: (previous: GlobalPosition, head: GlobalPosition)?
    }
    private let state: Mutex<State>
    /// Serializes reopening (the writer and the watcher may both notice a replaced file).
    private let reopening = Mutex(())

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
        try StoreFailure.checkLocation(path)
        if !options.createIfMissing && !FileManager.default.fileExists(atPath: path) {
            throw EventStoreError.unavailable("no store at \(path): the file does not exist, and reading never creates one. Check the path (or create the store by sending a command to it)")
        }
        turns = WriteTurns(databasePath: path, timeout: options.busyTimeout)
        let connections: StoreConnections
        do {
            connections = try StoreConnections.open(path: path, options: options, turns: turns)
        } catch {
            throw StoreFailure.map(error, path: path, busyTimeout: options.busyTimeout.seconds)
        }
        state = Mutex(State(connections: connections))
        let signal = HeadSignal(head: connections.head)
        self.signal = signal
        watcher = ChangeWatcher(
            connection: connections.watcherConnection, signal: signal, interval: options.pollInterval,
            baseline: connections.baseline)
        let fail: @Sendable (any Error) -> any Error = { [path, options] in
            StoreFailure.map($0, path: path, busyTimeout: options.busyTimeout.seconds)
        }
        committer = GroupCommitter(
            pool: connections.pool, turns: turns, durable: options.durable, mapError: fail, knownHead: { signal.head }) { signal.advance(to: $0) }
        // The hooks hold the store weakly: the store owns the committer and the watcher.
        committer.setHooks(GroupCommitter.Hooks(
            beforeGroup: { [weak self] in self?.checkFile() },
            observedHead: { [weak self] head, known in self?.observe(head: head, knownBefore: known) }))
        watcher.setHooks(ChangeWatcher.Hooks(
            beforePoll: { [weak self] in _ = self?.checkFile() },
            observedHead: { [weak self] head, known in self?.observe(head: head, knownBefore: known) }))
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
    ///   ``EventStoreError/storeReset(previousHead:head:)`` once, when the file was found
    ///   replaced just before this append was written (nothing written);
    ///   ``EventStoreError/unavailable(_:)``, also after ``close()``.
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        if let repeated = AppendRequest.repeatedEventID(events) {
            throw EventStoreError.duplicateEventID(stream: stream, eventID: repeated.uuidString)
        }
        return try await committer.append(AppendRequest(events: events, stream: stream, expected: expected))
    }

    /// Waits for a commit past `position` (of this process or another).
    /// - Throws: ``EventStoreError/storeReset(previousHead:head:)`` when the store was found
    ///   reset while this call waited (once: the next call waits on the new head);
    ///   ``EventStoreError/unavailable(_:)`` after ``close()``.
    public func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        let resetsBefore = try state.withLock { s -> Int in
            if s.closed { throw closedError }
            return s.resets
        }
        if signal.head > position { return }
        await watcher.wait(after: position, timeout: timeout)
        try state.withLock { s in
            if s.closed { throw closedError }
            if s.resets != resetsBefore, let reset = s.lastReset {
                throw EventStoreError.storeReset(previousHead: reset.previous, head: reset.head)
            }
        }
    }

    /// Closes the store: appends and reads throw ``EventStoreError/unavailable(_:)`` from now on
    /// (appends already queued are still written), waiters are woken and the change watcher
    /// stops, so nothing of the store keeps polling.
    public func close() async {
        state.withLock { $0.closed = true }
        committer.close(message: closedMessage)
        watcher.close()
        signal.wakeAll()
    }

    private var closedMessage: String { "the SQLite store \(path) is closed" }
    private var closedError: EventStoreError { .unavailable(closedMessage) }

    /// Runs a read, mapping SQLite's errors to ``EventStoreError``s.
    func reading<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let pool = try state.withLock { s -> DatabasePool in
            if s.closed { throw closedError }
            return s.connections.pool
        }
        do {
            return try await pool.read(body)
        } catch {
            throw StoreFailure.map(error, path: path, busyTimeout: options.busyTimeout.seconds)
        }
    }

    /// Runs a write that is not an append (snapshots), mapping SQLite's errors to ``EventStoreError``s.
    func writing<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let pool = try state.withLock { s -> DatabasePool in
            if s.closed { throw closedError }
            return s.connections.pool
        }
        do {
            return try await pool.write(body)
        } catch {
            throw StoreFailure.map(error, path: path, busyTimeout: options.busyTimeout.seconds)
        }
    }

    /// A read of `$all` from `position` found nothing although the head is past it: the store
    /// may have been reset. Looks, and records it if so (so waiters do not spin on a stale head).
    func checkEmptyPage(from position: GlobalPosition) async throws {
        let known = signal.head
        guard position <= known else { return }
        if checkFile() != nil { return }
        let head = try await reading { db in try Int64.fetchOne(db, sql: "SELECT max(position) FROM events") ?? 0 }
        observe(head: head, knownBefore: known)
    }

    // MARK: - Resets

    /// Advances the head to one read from the file; records a reset when it is behind
    /// `knownBefore`, a head already committed when that read began (rows deleted, or a file
    /// restored in place). A read may lag behind commits made while it ran: those are not a reset.
    private func observe(head value: Int64, knownBefore: GlobalPosition) {
        let head = GlobalPosition(value)
        guard head < knownBefore else {
            signal.advance(to: head)
            return
        }
        recordReset(previous: max(knownBefore, signal.head), head: head)
    }

    private func recordReset(previous: GlobalPosition, head: GlobalPosition) {
        state.withLock { s in
            s.resets += 1
            s.lastReset = (previous, head)
        }
        signal.reset(to: head)
    }

    /// Opens the file now at ``path`` when it is not the one the connections are open on.
    /// - Returns: the error for whatever was about to use the old file: `storeReset` after
    ///   reopening, `unavailable` when the new file cannot be opened; `nil` when the file is
    ///   the same.
    private func checkFile() -> EventStoreError? {
        let (opened, closed) = state.withLock { ($0.connections.identity, $0.closed) }
        let now = FileIdentity.of(path)
        guard now != opened, !closed else { return nil }
        guard now != nil else {
            // Deleted, and no new file yet: writing to the old one would be lost.
            return .unavailable("\(path) was deleted while the store was open; nothing was written. Restore the file, or let a new one be created at that path")
        }
        return reopening.withLock { _ -> EventStoreError? in
            // Another caller may have reopened meanwhile.
            let current = state.withLock { $0.connections.identity }
            let now = FileIdentity.of(path)
            let previous = signal.head
            if now == current, current != opened {
                let head = signal.head
                return .storeReset(previousHead: state.withLock { $0.lastReset?.previous } ?? head, head: head)
            }
            guard now != current else { return nil }
            let connections: StoreConnections
            do {
                connections = try StoreConnections.open(path: path, options: options, turns: turns)
            } catch {
                let mapped = StoreFailure.map(error, path: path, busyTimeout: options.busyTimeout.seconds)
                return mapped as? EventStoreError ?? .unavailable("\(path) was replaced and cannot be opened again: \(error)")
            }
            let old = state.withLock { s -> StoreConnections in
                defer { s.connections = connections }
                return s.connections
            }
            RetiredConnections.keep(old)
            committer.replace(pool: connections.pool)
            watcher.replace(connection: connections.watcherConnection, baseline: connections.baseline)
            recordReset(previous: previous, head: connections.head)
            return .storeReset(previousHead: previous, head: connections.head)
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

/// Connections on a file that was replaced, kept open until the process exits.
///
/// Closing them is not safe: SQLite's last connection to a database checkpoints on close
/// and then deletes `PATH-wal` and `PATH-shm` *by name*, which are now the new file's (or,
/// for a file renamed over, share its WAL). A reset is rare, so the cost is a few idle
/// connections.
enum RetiredConnections {
    private static let kept = Mutex<[StoreConnections]>([])

    static func keep(_ connections: StoreConnections) {
        kept.withLock { $0.append(connections) }
    }
}
