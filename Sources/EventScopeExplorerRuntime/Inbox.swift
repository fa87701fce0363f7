import EventScopeExplorer
import Synchronization

/// Where effects and input post their messages for the explorer's loop, which waits for them
/// without blocking a thread.
final class Inbox: Sendable {
    private struct State {
        var messages: [ExplorerMessage] = []
        var signalled = false
        var waiter: CheckedContinuation<Void, Never>?

        /// The waiting loop to resume, or (when none waits) a note that something came.
        mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
            if let w = waiter {
                waiter = nil
                return w
            }
            signalled = true
            return nil
        }
    }
    private let state = Mutex(State())

    /// Queues a message and wakes the loop.
    func post(_ message: ExplorerMessage) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.messages.append(message)
            return s.takeWaiter()
        }
        waiter?.resume()
    }

    /// Wakes the loop without a message (e.g. tail events are waiting in the feed).
    func poke() {
        let waiter = state.withLock { $0.takeWaiter() }
        waiter?.resume()
    }

    /// Returns once something was posted or poked since the last ``drain()``.
    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                if s.signalled || !s.messages.isEmpty { return true }
                s.waiter = c
                return false
            }
            if ready { c.resume() }
        }
    }

    /// Takes every queued message.
    func drain() -> [ExplorerMessage] {
        state.withLock { s in
            s.signalled = false
            defer { s.messages = [] }
            return s.messages
        }
    }
}
