import EventScope
import EventScopeExplorer
import Foundation
import Synchronization

/// Follows `$all` for the explorer: events are gathered here as the subscription yields them
/// and taken by the loop once per frame, as one message — so a burst of thousands of events a
/// second costs one update and one render per frame, not one per event.
///
/// Memory is bounded: if the loop falls more than `capacity` events behind, the oldest pending
/// events are dropped (and counted); they stay in the store.
final class TailFeed: Sendable {
    private struct Pending {
        var events: [RecordedEvent] = []
        var dropped = 0
    }
    private let pending = Mutex(Pending())
    private let capacity: Int
    private let inbox: Inbox

    init(capacity: Int, inbox: Inbox) {
        self.capacity = capacity
        self.inbox = inbox
    }

    /// The events gathered since the last call, as a message (or `nil` when none).
    func take() -> ExplorerMessage? {
        let p = pending.withLock { p -> Pending in
            defer { p = Pending() }
            return p
        }
        guard !p.events.isEmpty || p.dropped > 0 else { return nil }
        return .tailEvents(p.events, dropped: p.dropped)
    }

    /// Follows the store from the newest `last` events until cancelled; a store failure is
    /// reported and the subscription resumes after the last event seen, with backoff.
    func run(store: any EventStore, last: Int) async {
        var next: GlobalPosition?
        var failing = false
        var backoff = Duration.milliseconds(250)
        while !Task.isCancelled {
            do {
                let liveAfter: GlobalPosition
                if let resume = next {
                    liveAfter = GlobalPosition(resume.value - 1)
                } else {
                    let head = try await store.stats().headPosition
                    next = GlobalPosition(max(1, head.value - Int64(last) + 1))
                    liveAfter = head
                }
                if failing {
                    failing = false
                    backoff = .milliseconds(250)
                    inbox.post(.storeRecovered)
                }
                var iterator = store.subscribeAll(from: next!).makeAsyncIterator()
                inbox.post(.tailConnected(after: liveAfter))
                while let event = try await iterator.next() {
                    next = event.position.next
                    add(event)
                }
                return
            } catch EventStoreError.storeReset(let previous, let head) {
                // The store went back: what was gathered is gone from it. Start again from the
                // new head's newest events, and say what happened.
                pending.withLock { $0 = Pending() }
                next = nil
                inbox.post(.storeReset(previousHead: previous, head: head))
            } catch {
                if Task.isCancelled { return }
                failing = true
                inbox.post(.storeFailed(Self.describe(error)))
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(4))
            }
        }
    }

    private func add(_ event: RecordedEvent) {
        let wasEmpty = pending.withLock { p -> Bool in
            let empty = p.events.isEmpty
            p.events.append(event)
            if p.events.count > capacity + capacity / 4 {
                let cut = p.events.count - capacity
                p.events.removeFirst(cut)
                p.dropped += cut
            }
            return empty
        }
        if wasEmpty { inbox.poke() }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? EventStoreError { return e.description }
        if let e = error as? CommandError { return e.description }
        return String(describing: error)
    }
}
