import EventScope
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

    /// The watcher's connection (replaced when the store's file was).
    private let connection: Mutex<DatabaseQueue>
    private let signal: HeadSignal
    private let hooks = Mutex(Hooks())

    /// What the store does on each poll.
    struct Hooks {
        /// Before each poll (the store checks that its file was not replaced).
        var beforePoll: @Sendable () -> Void = {}
        /// The head read after another connection committed, and the head known committed
        /// before that read (the store advances the signal, or records a reset when it went back).
        var observedHead: (@Sendable (Int64, GlobalPosition) -> Void)?
    }
    private let interval: Duration
    private let state: Mutex<State>

    /// - Parameter connection: a connection used for nothing else. Its current data version
    ///   is the baseline: read it before reading the head the signal starts from.
    init(connection: DatabaseQueue, signal: HeadSignal, interval: Duration, baseline: Int64) {
        self.connection = Mutex(connection)
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

    /// Sets what the store does on each poll.
    func setHooks(_ new: Hooks) { hooks.withLock { $0 = new } }

    /// Polls `newConnection` from now on (the store's file was replaced); `baseline` is its
    /// data version, read before the head the signal was reset to.
    func replace(connection newConnection: DatabaseQueue, baseline: Int64) {
        connection.withLock { $0 = newConnection }
        state.withLock { $0.lastDataVersion = baseline }
    }

    /// Whether the poller runs now (tests check that a closed store stops it).
    var isPolling: Bool { state.withLock { $0.task != nil } }

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
            let hooks = hooks.withLock { $0 }
            hooks.beforePoll()
            let last = state.withLock { $0.lastDataVersion }
            let known = signal.head
            let connection = connection.withLock { $0 }
            if let (version, head) = try? await connection.read({ db -> (Int64, Int64?) in
                let version = try Self.dataVersion(db)
                guard version != last else { return (version, nil) }
                return (version, try Int64.fetchOne(db, sql: "SELECT max(position) FROM events") ?? 0)
            }) {
                state.withLock { $0.lastDataVersion = version }
                if let head {
                    if let observed = hooks.observedHead { observed(head, known) } else { signal.advance(to: GlobalPosition(head)) }
                }
            }
            try? await Task.sleep(for: interval)
        }
    }
}
