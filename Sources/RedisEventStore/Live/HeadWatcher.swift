import EventSourcing
import Foundation
import Synchronization

/// Follows the head of `$all` with `XREAD BLOCK` on its own connection and thread, and
/// advances the store's ``HeadSignal`` — so waiters wake for commits by any process.
///
/// Started on the first wait; one per store. While the server is down it retries with
/// backoff, and on reconnect it re-reads the head, so nothing committed meanwhile is missed.
final class HeadWatcher: Sendable {
    private struct State {
        var started = false
        var stopped = false
    }

    private let url: RedisStoreURL
    private let keys: RedisKeys
    private let signal: HeadSignal
    private let state = Mutex(State())
    /// How long one `XREAD` blocks; also bounds how long `stop()` takes to end the thread.
    private let blockMilliseconds = 1_000

    init(url: RedisStoreURL, keys: RedisKeys, signal: HeadSignal) {
        self.url = url
        self.keys = keys
        self.signal = signal
    }

    /// Starts the reader thread unless it runs already (or the store is closed).
    func startIfNeeded() {
        let start = state.withLock { s in
            guard !s.started, !s.stopped else { return false }
            s.started = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in run() }
        thread.name = "eventscope-redis-head"
        thread.start()
    }

    /// Ends the reader thread (within one block interval).
    func stop() {
        state.withLock { $0.stopped = true }
    }

    private var stopped: Bool { state.withLock(\.stopped) }

    private func run() {
        var connection: RedisConnection?
        var lastID = "0-0"
        var backoff = 0.05
        while !stopped {
            do {
                if connection == nil {
                    let c = try RedisConnection.open(url, commandTimeout: .milliseconds(blockMilliseconds + 4_000))
                    connection = c
                    backoff = 0.05
                    if let newest = try newestID(c) {
                        lastID = newest
                        advance(to: newest)
                    }
                }
                guard let c = connection else { continue }
                let reply = try c.run(RedisCommand(
                    "XREAD", "COUNT", "1", "BLOCK", String(blockMilliseconds), "STREAMS", keys.all, lastID))
                switch reply {
                case .array:
                    if let newest = try newestID(c) {
                        lastID = newest
                        advance(to: newest)
                    }
                case .error:
                    // Not a stream (or no permission): nothing to follow; readers report it.
                    Thread.sleep(forTimeInterval: 1)
                default:
                    break
                }
            } catch {
                connection = nil
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 1)
            }
        }
    }

    /// The id of the newest entry of `P:all`, if any.
    private func newestID(_ c: RedisConnection) throws -> String? {
        let reply = try c.run(RedisCommand("XREVRANGE", keys.all, "+", "-", "COUNT", "1"))
        return reply.elements?.first?.elements?.first?.text
    }

    private func advance(to id: String) {
        if let position = EventEntry.position(ofEntryID: id) { signal.advance(to: GlobalPosition(position)) }
    }
}
