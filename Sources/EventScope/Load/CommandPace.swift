import Synchronization

/// How fast a ``LoadGenerator`` sends: at most so many commands a second across all its
/// clients, or as fast as they can. It can be changed while the load runs (a presenter slows
/// the demo down to a few events a second to talk about them, then lets it go).
public final class CommandPace: Sendable {
    private struct State {
        var perSecond: Double?
        var next: ContinuousClock.Instant
    }
    private let state: Mutex<State>

    /// A pace of `perSecond` commands a second; `nil` is full speed.
    public init(perSecond: Double? = nil) {
        state = Mutex(State(perSecond: perSecond.map { max(0.1, $0) }, next: ContinuousClock.now))
    }

    /// Commands per second, `nil` for full speed. A change applies to the next command.
    public var perSecond: Double? {
        get { state.withLock { $0.perSecond } }
        set {
            state.withLock { s in
                s.perSecond = newValue.map { max(0.1, $0) }
                s.next = ContinuousClock.now
            }
        }
    }

    /// Waits for the next command's turn; returns `false` when `stopped` became true meanwhile.
    /// Waiting is in short naps, so a change of pace or a stop is noticed within 100 ms.
    func waitForTurn(stopped: () -> Bool) async -> Bool {
        let clock = ContinuousClock()
        while !stopped() && !Task.isCancelled {
            let wait: Duration? = state.withLock { s in
                guard let rate = s.perSecond else { return nil }
                let now = clock.now
                // Idle time is not saved up: after a pause the pace starts again from now.
                if s.next < now - .milliseconds(100) { s.next = now }
                guard now >= s.next else { return s.next - now }
                s.next += .seconds(1 / rate)
                return nil
            }
            guard let wait else { return true }
            try? await Task.sleep(for: min(wait, .milliseconds(100)))
        }
        return false
    }
}
