import EventScope
import EventScopeTesting
import Foundation
import Synchronization
import Testing

/// A read model that can be emptied (for the store-reset rebuild).
final class ResettableTotals: EventHandler {
    let name = "resettable-totals"
    struct Model { var count = 0; var checkpoint = GlobalPosition.start; var resets = 0 }
    let model = Mutex(Model())
    func checkpoint() async throws -> GlobalPosition { model.withLock { $0.checkpoint } }
    func handle(_ events: [RecordedEvent]) async throws {
        model.withLock { m in
            for e in events where e.position > m.checkpoint {
                m.count += 1
                m.checkpoint = e.position
            }
        }
    }
    func reset() async throws { model.withLock { $0 = Model(count: 0, checkpoint: .start, resets: $0.resets + 1) } }
}

@Suite("A store that went backwards")
struct StoreResetTests {
    // Invariant: a subscription never waits silently for positions a reset store may never
    // reach again: it throws `storeReset` (the old one polled forever).
    @Test("a subscription past the head of a reset store says so")
    func subscriptionNoticesReset() async throws {
        let store = HookedStore()
        _ = try await store.append(StoreContract.events(5), to: "s-1", expected: .any)
        var iterator = EventSubscription(store: store, from: 1, pollInterval: .milliseconds(50)).makeAsyncIterator()
        for _ in 0..<5 { _ = try await iterator.next() }
        store.reset()
        _ = try await store.append(StoreContract.events(2), to: "s-2", expected: .any)
        let started = ContinuousClock.now
        do {
            _ = try await iterator.next()
            Issue.record("expected storeReset")
        } catch EventStoreError.storeReset(let previous, let head) {
            #expect(previous.value == 5)
            #expect(head.value == 2)
        }
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    // Invariant: a handler whose checkpoint is past a reset store's head does not skip the
    // new events: it empties its read model and rebuilds; one that cannot says why.
    @Test("a handler rebuilds after a reset, or says it cannot")
    func handlerAfterReset() async throws {
        let store = HookedStore()
        _ = try await store.append(StoreContract.events(20), to: "h-1", expected: .any)
        let model = ResettableTotals()
        let runner = HandlerRunner(handler: model, store: store)
        runner.start()
        #expect(await runner.waitUntilCaughtUp(to: 20))
        store.reset()
        _ = try await store.append(StoreContract.events(3), to: "h-2", expected: .any)
        let deadline = ContinuousClock.now + .seconds(30)
        while model.model.withLock({ $0.count != 3 }) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(model.model.withLock { $0.count } == 3)
        #expect(model.model.withLock { $0.resets } == 1)
        #expect(runner.status.position.value == 3)
        await runner.stop()

        let plain = TotalsReadModel()
        let other = HandlerRunner(handler: plain, store: store)
        other.start()
        #expect(await other.waitUntilCaughtUp(to: 3))
        store.reset()
        let until = ContinuousClock.now + .seconds(30)
        while (other.status.lastError ?? "").isEmpty && ContinuousClock.now < until { try await Task.sleep(for: .milliseconds(20)) }
        let error = other.status.lastError ?? ""
        #expect(error.contains("store was reset"))
        #expect(error.contains("cannot be emptied"))
        // It stays stopped: once the new head passes the old checkpoint it must not carry on
        // from there (that would skip the new store's first events without a word).
        let applied = plain.model.withLock { $0.applied }
        _ = try await store.append(StoreContract.events(6), to: "h-3", expected: .any)
        try await Task.sleep(for: .milliseconds(300))
        #expect(other.status.phase == .stopped)
        #expect(plain.model.withLock { $0.applied } == applied)
        #expect(other.status.lastError?.contains("stopped") == true)
        await other.stop()
    }
}
