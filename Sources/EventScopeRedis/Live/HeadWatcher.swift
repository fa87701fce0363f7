import EventScope
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

    /// Follows the head. The store may go backwards under it (FLUSHDB/FLUSHALL, a restart
    /// without persistence): the newest entry is then below the last one seen, or `P:all` is
    /// gone. That is checked after every wake-up and every idle block, and the head signal is
    /// reset to what the server holds, so waiters wake and `XREAD` follows the new contents
    /// (an `XREAD` from an id ahead of the stream would only time out, never see them).
    private func run() {
        var connection: RedisConnection?
        var last: Int64 = 0
        var backoff = 0.05
        while !stopped {
            do {
                if connection == nil {
                    let c = try RedisConnection.open(url, commandTimeout: .milliseconds(blockMilliseconds + 4_000))
                    connection = c
                    backoff = 0.05
                    last = follow(newest: try newestPosition(c), last: last)
                }
                guard let c = connection else { continue }
                // An append of this process may have found the store reset and lowered the head.
                last = min(last, signal.head.value)
                let reply = try c.run(RedisCommand(
                    "XREAD", "COUNT", "1", "BLOCK", String(blockMilliseconds), "STREAMS", keys.all, RedisKeys.entryID(last)))
                switch reply {
                case .error:
                    // Not a stream (or no permission): nothing to follow; readers report it.
                    Thread.sleep(forTimeInterval: 1)
                default:
                    // New entries, or a block that timed out: where is the head now?
                    last = follow(newest: try newestPosition(c), last: last)
                }
            } catch {
                connection = nil
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 1)
            }
        }
    }

    /// Moves the head signal to `newest`: forward as usual, backward (a reset) when the server
    /// now holds less than `last`, the newest position seen before. Returns the new `last`.
    private func follow(newest: Int64, last: Int64) -> Int64 {
        if newest < last {
            signal.reset(to: GlobalPosition(newest))
        } else {
            signal.advance(to: GlobalPosition(newest))
        }
        return newest
    }

    /// The position of the newest entry of `P:all`; 0 when it is empty or absent.
    private func newestPosition(_ c: RedisConnection) throws -> Int64 {
        let reply = try c.run(RedisCommand("XREVRANGE", keys.all, "+", "-", "COUNT", "1"))
        guard let id = reply.elements?.first?.elements?.first?.text else { return 0 }
        return EventEntry.position(ofEntryID: id) ?? 0
    }
}
