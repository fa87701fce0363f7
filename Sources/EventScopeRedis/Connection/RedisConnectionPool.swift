import EventScope
import Foundation
import Logging

/// Why a batch of commands got no reply.
enum RedisTransportError: Error, Sendable {
    /// Nothing reached the server (it is down, refused the connection, or the pool is closed):
    /// the commands certainly did not run.
    case notSent(EventStoreError)
    /// The connection failed after the commands were written: they may or may not have run.
    case replyLost(String)
}

/// A few connection threads, each owning one hiredis connection, fed by one queue.
///
/// hiredis blocks, so no hiredis call ever runs on the Swift cooperative pool: async callers
/// enqueue a job and suspend on a continuation; a connection thread takes every job waiting
/// (up to a bound), writes them back to back and reads the replies — so concurrent callers
/// are pipelined for free. When the server cannot be reached, jobs fail at once with the
/// reason, and a new connection is tried after a growing delay (100 ms doubling to 2 s).
final class RedisConnectionPool: @unchecked Sendable {
    // @unchecked: every mutable field below is guarded by `condition`.

    private struct Job {
        let commands: [RedisCommand]
        let complete: @Sendable (Result<[RedisReply], RedisTransportError>) -> Void
    }

    private struct Outage {
        var error: EventStoreError
        var retryAt: ContinuousClock.Instant
        var backoff: Duration
    }

    let url: RedisStoreURL
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var closed = false
    private var outage: Outage?
    /// When a thread last opened a connection: a failure from an attempt that began before
    /// it is stale (the server was still starting) and is not cached as an outage.
    private var lastConnected: ContinuousClock.Instant?
    /// How many commands one thread sends in one write at most.
    private let maxBatchCommands = 256

    init(url: RedisStoreURL, size: Int) {
        self.url = url
        for i in 0..<max(1, size) {
            let thread = Thread { [self] in work() }
            thread.name = "eventscope-redis-\(i)"
            thread.start()
        }
    }

    /// Runs `commands` as one pipeline on one connection and returns their replies in order.
    /// - Throws: ``RedisTransportError``.
    func run(_ commands: [RedisCommand]) async throws -> [RedisReply] {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[RedisReply], any Error>) in
            enqueue(Job(commands: commands) { result in continuation.resume(with: result.mapError { $0 }) })
        }
    }

    /// Stops the threads; queued and later jobs fail with `notSent`.
    func close() {
        let dropped: [Job] = condition.withLock {
            closed = true
            let jobs = queue
            queue.removeAll()
            condition.broadcast()
            return jobs
        }
        for job in dropped { job.complete(.failure(.notSent(closedError))) }
    }

    /// Whether ``close()`` was called.
    var isClosed: Bool { condition.withLock { closed } }

    private var closedError: EventStoreError { .unavailable("the Redis store at \(url.redacted) is closed") }

    private func enqueue(_ job: Job) {
        let accepted = condition.withLock {
            guard !closed else { return false }
            queue.append(job)
            condition.signal()
            return true
        }
        if !accepted { job.complete(.failure(.notSent(closedError))) }
    }

    // MARK: - Connection threads

    private func nextBatch() -> [Job]? {
        condition.withLock {
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty { return nil }
            var count = 0
            var commands = 0
            while count < queue.count && (count == 0 || commands + queue[count].commands.count <= maxBatchCommands) {
                commands += queue[count].commands.count
                count += 1
            }
            let batch = Array(queue.prefix(count))
            queue.removeFirst(count)
            if !queue.isEmpty { condition.signal() }  // let another thread take the rest
            return batch
        }
    }

    private func work() {
        var connection: RedisConnection?
        while let batch = nextBatch() {
            if let c = connection, c.isClosedByPeer() { connection = nil }
            if connection == nil {
                do {
                    connection = try connect()
                } catch {
                    for job in batch { job.complete(.failure(.notSent(error))) }
                    continue
                }
            }
            guard let c = connection else { continue }
            if !exchange(batch, on: c) { connection = nil }
        }
    }

    /// Sends every job of `batch` and hands out replies; `false` when the connection broke.
    private func exchange(_ batch: [Job], on connection: RedisConnection) -> Bool {
        do {
            try connection.send(batch.flatMap(\.commands))
        } catch {
            for job in batch { job.complete(.failure(.notSent(unreachable(error.message)))) }
            return false
        }
        for (index, job) in batch.enumerated() {
            var replies: [RedisReply] = []
            replies.reserveCapacity(job.commands.count)
            do {
                for command in job.commands { replies.append(try connection.receive(entries: command.readsEntries)) }
            } catch {
                let lost = RedisTransportError.replyLost("Redis at \(url.address) is unreachable: \(error.message)")
                for rest in batch[index...] { rest.complete(.failure(lost)) }
                return false
            }
            job.complete(.success(replies))
        }
        return true
    }

    /// Connection losses and reconnects (one line each, not one per failed call).
    static let logger = Logger(label: "eventscope.redis")

    private func unreachable(_ reason: String) -> EventStoreError {
        .unavailable("Redis at \(url.address) is unreachable: \(reason)")
    }

    /// Opens a connection unless a recent attempt failed and its retry delay has not passed.
    private func connect() throws(EventStoreError) -> RedisConnection {
        let now = ContinuousClock.now
        if let current = condition.withLock({ outage }), now < current.retryAt { throw current.error }
        do {
            let connection = try RedisConnection.open(url)
            let wasDown: Bool = condition.withLock {
                defer { outage = nil; lastConnected = .now }
                return outage != nil
            }
            if wasDown { Self.logger.notice("reconnected to Redis", metadata: ["redis": "\(url.address)"]) }
            return connection
        } catch {
            let stale: Bool = condition.withLock {
                if let connected = lastConnected, connected > now { return true }
                let backoff = outage.map { min($0.backoff * 2, .seconds(2)) } ?? .milliseconds(100)
                if outage == nil {
                    Self.logger.warning("Redis is unreachable; retrying with backoff", metadata: ["redis": "\(url.address)", "error": "\(error)"])
                }
                outage = Outage(error: error, retryAt: ContinuousClock.now + backoff, backoff: backoff)
                return false
            }
            // Another thread reached the server after this attempt began: it is back, try again.
            if stale, let connection = try? RedisConnection.open(url) { return connection }
            throw error
        }
    }
}
