import EventSourcing
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
    private let pool: DatabasePool
    private let mapError: @Sendable (any Error) -> any Error
    private let didCommit: @Sendable (GlobalPosition) -> Void
    /// The most appends written in one transaction (bounds one group's latency).
    private let maxGroup: Int

    init(
        pool: DatabasePool, maxGroup: Int = 4_096,
        mapError: @escaping @Sendable (any Error) -> any Error,
        didCommit: @escaping @Sendable (GlobalPosition) -> Void
    ) {
        self.pool = pool
        self.maxGroup = maxGroup
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

    /// Refuses appends from now on (those already queued are still written).
    func close(message: String) {
        state.withLock { $0.closedMessage = message }
    }

    private func scheduleWrite() {
        pool.asyncWriteWithoutTransaction { [self] db in
            writeGroup(db)
        }
    }

    /// Runs on GRDB's writer queue.
    private func writeGroup(_ db: Database) {
        let group: [Pending] = state.withLock { s in
            let n = min(s.queue.count, maxGroup)
            let taken = Array(s.queue.prefix(n))
            s.queue.removeFirst(n)
            return taken
        }
        if !group.isEmpty {
            let outcomes = commit(group.map(\.request), db)
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
        var outcomes: [Result<AppendResult, any Error>] = []
        outcomes.reserveCapacity(requests.count)
        var newHead: Int64 = 0
        do {
            try db.inTransaction(.immediate) {
                var head = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(position) FROM events")) ?? 0
                let now = Timestamp.now()
                for request in requests {
                    let before = head
                    do {
                        var result: AppendResult?
                        try db.inSavepoint {
                            result = try request.write(db, head: &head, now: now)
                            return .commit
                        }
                        outcomes.append(.success(result!))
                    } catch let error as EventStoreError {
                        // A rule of this append alone (expected version, duplicate id): its
                        // savepoint is rolled back and the rest of the group goes on.
                        head = before
                        outcomes.append(.failure(error))
                    }
                    // Any other error (disk full, I/O) fails the whole transaction, below.
                }
                newHead = head
                return .commit
            }
        } catch {
            let mapped = mapError(error)
            return requests.map { _ in .failure(mapped) }
        }
        if newHead > 0 { didCommit(GlobalPosition(newHead)) }
        return outcomes
    }
}
