import EventSourcing
import GRDB
import Synchronization

/// Notices commits made by other processes: while anyone waits for events, one background
/// task polls `PRAGMA data_version` on a connection of its own (a cheap counter that changes
/// when another connection commits) and, when it changed, reads the head and advances the
/// ``HeadSignal``. When nobody waits, it stops: an idle store costs nothing.
final class ChangeWatcher: Sendable {
    private struct State {
        var waiters = 0
        var task: Task<Void, Never>?
        var lastDataVersion: Int64
        var closed = false
    }

    private let connection: DatabaseQueue
    private let signal: HeadSignal
    private let interval: Duration
    private let state: Mutex<State>

    /// - Parameter connection: a connection used for nothing else. Its current data version
    ///   is the baseline: read it before reading the head the signal starts from.
    init(connection: DatabaseQueue, signal: HeadSignal, interval: Duration, baseline: Int64) {
        self.connection = connection
        self.signal = signal
        self.interval = interval
        self.state = Mutex(State(lastDataVersion: baseline))
    }

    /// The data version of `db` now.
    static func dataVersion(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    }

    /// Waits on `signal` with the poller running, so other processes' commits wake it too.
    func wait(after position: GlobalPosition, timeout: Duration) async {
        state.withLock { s in
            s.waiters += 1
            if s.task == nil, !s.closed {
                s.task = Task { [self] in await poll() }
            }
        }
        await signal.wait(after: position, timeout: timeout)
        state.withLock { $0.waiters -= 1 }
    }

    /// Stops polling for good.
    func close() {
        let task = state.withLock { s -> Task<Void, Never>? in
            s.closed = true
            return s.task
        }
        task?.cancel()
    }

    private func poll() async {
        while true {
            let keepGoing = state.withLock { s -> Bool in
                if s.waiters == 0 || s.closed || Task.isCancelled {
                    s.task = nil
                    return false
                }
                return true
            }
            guard keepGoing else { return }
            let last = state.withLock { $0.lastDataVersion }
            if let (version, head) = try? await connection.read({ db -> (Int64, Int64?) in
                let version = try Self.dataVersion(db)
                guard version != last else { return (version, nil) }
                return (version, try Int64.fetchOne(db, sql: "SELECT max(position) FROM events") ?? 0)
            }) {
                state.withLock { $0.lastDataVersion = version }
                if let head { signal.advance(to: GlobalPosition(head)) }
            }
            try? await Task.sleep(for: interval)
        }
    }
}
