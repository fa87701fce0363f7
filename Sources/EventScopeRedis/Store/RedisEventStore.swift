import EventScope
import Foundation
import Synchronization

/// An ``EventStore`` in Redis, shared by every process (on any machine) that opens the same
/// server and key prefix.
///
/// Each append is one Lua script run atomically on the server (expected version, idempotent
/// event ids, per-stream list, global position, an entry on the global stream `P:all`, the
/// stream index). Reads are paged and pipelined. Live waiting uses `XREAD BLOCK` on the
/// global stream, so commits by other processes wake waiters within milliseconds.
///
/// hiredis is blocking: every call runs on threads the store owns (a few command connections
/// and one blocking reader), never on the Swift cooperative pool.
///
/// When the server is down, calls fail at once with ``EventStoreError/unavailable(_:)`` and
/// the store reconnects by itself (with backoff) once it is back. An append whose reply was
/// lost is retried with the same event ids, so it lands exactly once.
public final class RedisEventStore: EventStore {
    let url: RedisStoreURL
    let keys: RedisKeys
    let pool: RedisConnectionPool
    let signal = HeadSignal()
    let watcher: HeadWatcher
    /// How long an append whose reply was lost keeps trying to learn its outcome.
    let inDoubtLimit: Duration
    /// The SHA-1 the server gave the append script (what `EVALSHA` names).
    let scriptSHA: String
    /// Pages fetched ahead of readers going through history.
    let readAhead = ReadAhead()
    /// Each stream's append-script arguments that never change (the script, its keys, the
    /// stream and category), RESP-encoded once: building them per append (nine key strings)
    /// was a tenth of a client's time. Bounded: past ``fixedArgumentsCapacity`` streams it
    /// starts over.
    let fixedArguments = Mutex<[String: (encoded: [UInt8], count: Int)]>([:])
    static let fixedArgumentsCapacity = 10_000

    /// Opens the store a `redis://[[user]:password@]host[:port][/db][?prefix=NAME]` URL names.
    ///
    /// Connects once to check the server (and loads the append script), so a wrong URL is
    /// reported here rather than at the first append.
    /// - Parameters:
    ///   - url: also accepts `connections=N` (command connections, default 4).
    ///   - inDoubtLimit: how long an append whose reply was lost keeps trying to learn its
    ///     outcome before it throws ``EventStoreError/inDoubt(stream:message:)`` (default 20 s;
    ///     tests make it short).
    /// - Throws: `EventStoreError.invalid` for a bad URL, a wrong password, a missing database,
    ///   or a server that is not Redis; `.unavailable` when the server cannot be reached.
    public static func open(_ url: String, inDoubtLimit: Duration = .seconds(20)) async throws -> RedisEventStore {
        try await open(RedisStoreURL(url), inDoubtLimit: inDoubtLimit)
    }

    /// Opens the store a parsed URL names (see ``open(_:inDoubtLimit:)``).
    /// - Throws: `EventStoreError.invalid` for a wrong password, a missing database, or a server
    ///   that is not Redis; `.unavailable` when the server cannot be reached.
    public static func open(_ parsed: RedisStoreURL, inDoubtLimit: Duration = .seconds(20)) async throws -> RedisEventStore {
        let pool = RedisConnectionPool(url: parsed, size: parsed.connections)
        do {
            let sha = try await loadScript(pool)
            return RedisEventStore(url: parsed, pool: pool, scriptSHA: sha, inDoubtLimit: inDoubtLimit)
        } catch {
            pool.close()
            throw error
        }
    }

    /// Loads the append script into the server's script cache; returns its SHA-1.
    static func loadScript(_ pool: RedisConnectionPool) async throws -> String {
        let reply: RedisReply
        do {
            reply = try await pool.run([RedisCommand("SCRIPT", "LOAD", AppendScript.source)])[0]
        } catch RedisTransportError.notSent(let error) {
            throw error
        } catch RedisTransportError.replyLost(let message) {
            throw EventStoreError.unavailable(message)
        }
        if let message = reply.errorMessage { throw RedisErrors.serverError(message, doing: "loading the append script") }
        guard let sha = reply.text, sha.count == 40 else {
            throw EventStoreError.invalid("Redis at \(pool.url.address) answered SCRIPT LOAD with \(reply): is it a Redis server (2.6 or newer)?")
        }
        return sha
    }

    init(url: RedisStoreURL, pool: RedisConnectionPool, scriptSHA: String, inDoubtLimit: Duration = .seconds(20)) {
        self.url = url
        self.keys = RedisKeys(prefix: url.prefix)
        self.pool = pool
        self.scriptSHA = scriptSHA
        self.watcher = HeadWatcher(url: url, keys: keys, signal: signal)
        self.inDoubtLimit = inDoubtLimit
    }

    deinit {
        pool.close()
        watcher.stop()
    }

    /// The URL without its password.
    public var displayName: String { url.redacted }

    /// The key prefix every key of this store starts with (followed by `:`).
    public var keyPrefix: String { url.prefix }

    /// The newest position of `$all` this store knows of (its head signal): advanced by its
    /// own appends and by the head watcher, lowered when the store is found reset.
    public var knownHead: GlobalPosition { signal.head }

    /// Stops the connection threads and the blocking reader, and wakes every waiter.
    public func close() async {
        pool.close()
        watcher.stop()
        signal.wakeAll()
    }

    /// Counts (`XLEN` of `P:all`, `ZCARD` of the name index) and the head (`P:head`), in one pipeline.
    public func stats() async throws -> StoreStats {
        let replies = try await run([
            RedisCommand("XLEN", keys.all), RedisCommand("ZCARD", keys.streamsByName), RedisCommand("GET", keys.head),
        ])
        for reply in replies { if let message = reply.errorMessage { throw RedisErrors.readFailed(key: keys.all, message: message) } }
        return StoreStats(
            eventCount: replies[0].integer ?? 0, streamCount: replies[1].integer ?? 0,
            headPosition: GlobalPosition(replies[2].integer ?? 0))
    }

    /// Waits on the store's head signal, which the `XREAD BLOCK` reader advances for commits
    /// by any process (started on the first call).
    public func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        watcher.startIfNeeded()
        await signal.wait(after: position, timeout: timeout)
    }

    /// `$all` from `position`: stored events, then live ones. While the server is down the
    /// subscription waits and resumes from its last position once the server is back.
    public func subscribeAll(from position: GlobalPosition) -> EventSubscription {
        EventSubscription(store: ReconnectingReads(redis: self), from: position)
    }

    // MARK: - Running commands

    /// Runs a pipeline of read-only commands. A connection found dead on the way (e.g. the
    /// server restarted since it was used) is replaced and the commands sent again.
    func run(_ commands: [RedisCommand]) async throws -> [RedisReply] {
        var attempts = 0
        while true {
            do {
                return try await pool.run(commands)
            } catch RedisTransportError.notSent(let error) {
                throw error
            } catch RedisTransportError.replyLost(let message) {
                attempts += 1
                if attempts > url.connections { throw EventStoreError.unavailable(message) }
            }
        }
    }
}
