import Foundation
import Synchronization

/// Wakes tasks waiting for the head of `$all` to move past a position.
///
/// Backends call ``advance(to:)`` after every commit (and when they learn of another
/// process's commit); ``EventStore/waitForEvents(after:timeout:)`` implementations call
/// ``wait(after:timeout:)``.
public final class HeadSignal: Sendable {
    private struct Waiter {
        let after: GlobalPosition
        let continuation: CheckedContinuation<Void, Never>
    }
    private struct State {
        var head = GlobalPosition.start
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        /// Waits cancelled before their waiter was registered (the cancellation handler can
        /// run first); registration finds its id here and returns at once.
        var firedEarly: Set<UInt64> = []
    }
    private let state = Mutex(State())

    /// Creates a signal at `head`: the newest position the store holds when it opens.
    public init(head: GlobalPosition = .start) {
        state.withLock { $0.head = head }
    }

    /// The newest position this signal knows of.
    public var head: GlobalPosition { state.withLock { $0.head } }

    /// Records that the head is now at least `position` and wakes waiters it passes.
    public func advance(to position: GlobalPosition) {
        let woken: [CheckedContinuation<Void, Never>] = state.withLock { s in
            guard position > s.head else { return [] }
            s.head = position
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, w) in s.waiters where w.after < position {
                ready.append(w.continuation)
                s.waiters[id] = nil
            }
            return ready
        }
        for c in woken { c.resume() }
    }

    /// Records that the store went backwards (it was reset) and wakes every waiter, so that
    /// readers look again and find out; ``advance(to:)`` alone never lowers the head.
    public func reset(to position: GlobalPosition) {
        state.withLock { $0.head = position }
        wakeAll()
    }

    /// Wakes every waiter (e.g. on close), whatever the head.
    public func wakeAll() {
        let all = state.withLock { s in
            let w = s.waiters.values.map(\.continuation)
            s.waiters.removeAll()
            return w
        }
        for c in all { c.resume() }
    }

    /// Returns when the head passes `position`, after `timeout`, or on cancellation.
    public func wait(after position: GlobalPosition, timeout: Duration) async {
        // A cancelled task would otherwise wait its whole timeout: the cancellation handler
        // runs before the waiter is registered.
        if Task.isCancelled { return }
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { s -> Bool in
                    if s.head > position || s.firedEarly.remove(id) != nil { return true }
                    s.waiters[id] = Waiter(after: position, continuation: continuation)
                    return false
                }
                if ready {
                    continuation.resume()
                    return
                }
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.fire(id)
                }
            }
        } onCancel: {
            cancel(id)
        }
        // A cancellation that came after the wait ended left its mark: drop it.
        state.withLock { _ = $0.firedEarly.remove(id) }
    }

    private func fire(_ id: UInt64) {
        let waiter = state.withLock { s -> Waiter? in
            if let w = s.waiters.removeValue(forKey: id) { return w }
            return nil
        }
        waiter?.continuation.resume()
    }

    /// Cancellation: resumes the waiter, or marks the wait so that it returns as soon as it
    /// registers.
    private func cancel(_ id: UInt64) {
        let waiter = state.withLock { s -> Waiter? in
            if let w = s.waiters.removeValue(forKey: id) { return w }
            s.firedEarly.insert(id)
            return nil
        }
        waiter?.continuation.resume()
    }
}
