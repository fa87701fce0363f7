import EventScope
import GRDB
import Synchronization

/// Writes concurrent appends together: whatever is queued when the writer becomes free goes
/// into ONE transaction, each append in its own savepoint, so one append's conflict fails only
/// that append, and the whole group pays for one commit (one fsync).
///
/// A lone append is not delayed: when the writer is idle, it is scheduled at once.
final class GroupCommitter: Sendable {
    private struct Pending {
        let request: AppendRequest
        let continuation: CheckedContinuation<AppendResult, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        /// A write is scheduled or running; it will pick up whatever is queued.
        var writing = false
        var closedMessage: String?
    }

    private let state = Mutex(State())
    private let appendsWritten = Atomic<Int>(0)
    private let transactionsCommitted = Atomic<Int>(0)
    private let writeNanoseconds = Atomic<Int>(0)
    private let yields = Atomic<Int>(0)
    /// Only used on the writer queue; the lock is never contended.
    private let cache = Mutex(WriterCache())
    /// The pool on the store's file (replaced when the file was).
    private let pool: Mutex<DatabasePool>
    private let turns: WriteTurns
    private let hooks = Mutex(Hooks())
    private let mapError: @Sendable (any Error) -> any Error
    private let didCommit: @Sendable (GlobalPosition) -> Void
    /// The newest head known committed (the store's signal).
    private let knownHead: @Sendable () -> GlobalPosition
    /// The most appends written in one transaction (bounds one group's latency).
    private let maxGroup: Int
    /// `PRAGMA synchronous = FULL` (durable) or `NORMAL`, set before every group: other
    /// writers on the connection may have lowered it for their own transaction (``RelaxedSync``),
    /// and an append must never commit with less than the store promises.
    private let synchronous: String

    /// What the store checks around each group.
    struct Hooks {
        /// Before a group is written: an error fails the whole group with it (the store's file
        /// was replaced).
        var beforeGroup: @Sendable () -> EventStoreError? = { nil }
        /// The head the writer read when another connection had committed since its last group,
        /// and the head known committed before that read.
        var observedHead: @Sendable (Int64, GlobalPosition) -> Void = { _, _ in }
    }

    init(
        pool: DatabasePool, turns: WriteTurns, durable: Bool, maxGroup: Int = 4_096,
        mapError: @escaping @Sendable (any Error) -> any Error,
        knownHead: @escaping @Sendable () -> GlobalPosition,
        didCommit: @escaping @Sendable (GlobalPosition) -> Void
    ) {
        self.knownHead = knownHead
        self.pool = Mutex(pool)
        self.turns = turns
        self.maxGroup = maxGroup
        self.synchronous = "PRAGMA synchronous = \(durable ? "FULL" : "NORMAL")"
        self.mapError = mapError
        self.didCommit = didCommit
    }

    /// Queues an append and returns its own outcome once its group has committed.
    func append(_ request: AppendRequest) async throws -> AppendResult {
        try await withCheckedThrowingContinuation { continuation in
            let schedule: Bool = state.withLock { s in
                if let message = s.closedMessage {
                    continuation.resume(throwing: EventStoreError.unavailable(message))
                    return false
                }
                s.queue.append(Pending(request: request, continuation: continuation))
                if s.writing { return false }
                s.writing = true
                return true
            }
            if schedule { scheduleWrite() }
        }
    }

    /// Appends and transactions committed so far.
    var stats: SQLiteEventStore.WriteStats {
        SQLiteEventStore.WriteStats(
            appends: appendsWritten.load(ordering: .relaxed), transactions: transactionsCommitted.load(ordering: .relaxed),
            writeSeconds: Double(writeNanoseconds.load(ordering: .relaxed)) / 1e9,
            yields: yields.load(ordering: .relaxed))
    }

    /// Appends waiting for the next group (tests use it to build a group deterministically).
    var queuedCount: Int { state.withLock { $0.queue.count } }

    /// Sets the checks run around each group.
    func setHooks(_ new: Hooks) { hooks.withLock { $0 = new } }

    /// Writes to `newPool` from the next group on (the store's file was replaced), with a
    /// cache that knows nothing yet.
    func replace(pool newPool: DatabasePool) {
        pool.withLock { $0 = newPool }
        cache.withLock { $0.invalidate() }
    }

    /// Refuses appends from now on (those already queued are still written).
    func close(message: String) {
        state.withLock { $0.closedMessage = message }
    }

    private func scheduleWrite() {
        let target = pool.withLock { $0 }
        target.asyncWriteWithoutTransaction { [self] db in
            // The file was replaced since this write was scheduled: write on the new one.
            guard target === pool.withLock({ $0 }) else { return scheduleWrite() }
            writeGroup(db)
        }
    }

    /// Runs on GRDB's writer queue.
    private func writeGroup(_ db: Database) {
        // Another writer (process) waits for the lock: let it go first. Our queue grows
        // meanwhile, so the next group is bigger, not later.
        if turns.yieldIfOthersWait() { yields.add(1, ordering: .relaxed) }
        let group: [Pending] = state.withLock { s in
            let n = min(s.queue.count, maxGroup)
            let taken = Array(s.queue.prefix(n))
            s.queue.removeFirst(n)
            return taken
        }
        if !group.isEmpty, let refusal = hooks.withLock({ $0.beforeGroup })() {
            for pending in group { pending.continuation.resume(throwing: refusal) }
        } else if !group.isEmpty {
            let start = ContinuousClock.now
            let outcomes = commit(group.map(\.request), db)
            let (seconds, attoseconds) = (ContinuousClock.now - start).components
            writeNanoseconds.add(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000), ordering: .relaxed)
            for (pending, outcome) in zip(group, outcomes) {
                pending.continuation.resume(with: outcome)
            }
        }
        // Re-schedule rather than loop, so other writers (read models) get their turn.
        let more = state.withLock { s -> Bool in
            if s.queue.isEmpty {
                s.writing = false
                return false
            }
            return true
        }
        if more { scheduleWrite() }
    }

    /// Writes a group in one transaction and returns each append's own outcome.
    private func commit(_ requests: [AppendRequest], _ db: Database) -> [Result<AppendResult, any Error>] {
        cache.withLock { cache in
            var outcomes: [Result<AppendResult, any Error>] = []
            outcomes.reserveCapacity(requests.count)
            var group = GroupContext(head: 0, timestamp: .now())
            let observedHead = hooks.withLock { $0.observedHead }
            let knownHead = knownHead()
            do {
                // Not a cached statement: SQLite applies this pragma when it is prepared.
                try db.execute(sql: synchronous)
                turns.willBegin()
                defer { turns.didBegin() }
                try db.inTransaction(.immediate) {
                    turns.didBegin()
                    if try cache.revalidate(db) { observedHead(cache.head, knownHead) }
                    group.head = cache.head
                    for request in requests {
                        outcomes.append(try Self.write(request, db, cache: cache, group: &group))
                    }
                    return .commit
                }
            } catch {
                cache.invalidate()
                let mapped = mapError(error)
                return requests.map { _ in .failure(mapped) }
            }
            cache.committed(head: group.head, versions: group.written)
            transactionsCommitted.add(1, ordering: .relaxed)
            appendsWritten.add(requests.count, ordering: .relaxed)
            if !group.written.isEmpty { didCommit(GlobalPosition(group.head)) }
            return outcomes
        }
    }

    /// Writes one append in a savepoint of its own. A rule of this append alone (expected
    /// version, duplicate id) rolls back its savepoint and becomes its outcome; any other
    /// error (disk full, I/O) is thrown and fails the whole group's transaction.
    private static func write(_ request: AppendRequest, _ db: Database, cache: WriterCache, group: inout GroupContext) throws -> Result<AppendResult, any Error> {
        // What this append may change: the head and its own stream's entry (not a copy of the
        // group: a copy shares `written`, and the next write to it would copy the dictionary).
        let saved = group.mark(request.stream.rawValue)
        do {
            // One event needs no savepoint: every check precedes the one INSERT, and a failed
            // INSERT undoes itself (SQLite statements are atomic).
            if request.events.count <= 1 { return .success(try request.write(db, cache: cache, group: &group)) }
            return .success(try inSavepoint(db) { try request.write(db, cache: cache, group: &group) })
        } catch is DuplicateEventInsert {
            group.rollBack(to: saved)
        } catch let error as EventStoreError {
            group.rollBack(to: saved)
            return .failure(error)
        }
        do {
            return .success(try inSavepoint(db) { try request.writeAfterDuplicate(db, group: &group) })
        } catch let error as EventStoreError {
            group.rollBack(to: saved)
            return .failure(error)
        } catch let duplicate as DuplicateEventInsert {
            // None of the ids was stored before this append, yet one insert still hit the
            // index: the append carries that id twice. Refused alone, as the rule says.
            group.rollBack(to: saved)
            return .failure(EventStoreError.duplicateEventID(stream: request.stream, eventID: duplicate.eventID.uuidString))
        }
    }

    /// Runs `body` in a savepoint (prepared statements, cheaper than parsing each time).
    private static func inSavepoint(_ db: Database, _ body: () throws -> AppendResult) throws -> AppendResult {
        try db.cachedStatement(sql: "SAVEPOINT append").execute()
        do {
            let result = try body()
            try db.cachedStatement(sql: "RELEASE SAVEPOINT append").execute()
            return result
        } catch {
            do {
                try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT append").execute()
                try db.cachedStatement(sql: "RELEASE SAVEPOINT append").execute()
            } catch let rollbackError {
                // The transaction itself is gone (SQLite rolls it back on some I/O errors):
                // the whole group fails, with the error that caused it.
                throw (error is EventStoreError || error is DuplicateEventInsert) ? rollbackError : error
            }
            throw error
        }
    }
}
