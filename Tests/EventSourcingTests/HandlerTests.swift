import EventScope
import EventScopeTesting
import Foundation
import Synchronization
import Testing

/// A read model kept in memory with its checkpoint, applied atomically under one lock.
final class TotalsReadModel: EventHandler {
    let name = "totals"
    struct Model { var totals: [StreamID: Int] = [:]; var checkpoint = GlobalPosition.start; var applied = 0 }
    let model = Mutex(Model())
    let failNext = Atomic<Bool>(false)

    func checkpoint() async throws -> GlobalPosition { model.withLock { $0.checkpoint } }

    func handle(_ events: [RecordedEvent]) async throws {
        if failNext.exchange(false, ordering: .relaxed) { throw EventStoreError.unavailable("read model is unavailable (test)") }
        model.withLock { m in
            for e in events {
                precondition(e.position > m.checkpoint, "event applied twice")
                m.totals[e.streamID, default: 0] += 1
                m.checkpoint = e.position
                m.applied += 1
            }
        }
    }
}

@Suite("Handlers")
struct HandlerTests {
    @Test("a handler catches up, follows live, and resumes from its checkpoint after a stop")
    func catchUpLiveResume() async throws {
        let store = InMemoryEventStore()
        for i in 0..<300 { _ = try await store.append(StoreContract.events(1), to: StreamID("h-\(i % 5)"), expected: .any) }
        let model = TotalsReadModel()
        let runner = HandlerRunner(handler: model, store: store, pageSize: 64)
        runner.start()
        #expect(await runner.waitUntilCaughtUp(to: 300))
        for i in 0..<50 { _ = try await store.append(StoreContract.events(1), to: StreamID("h-\(i % 5)"), expected: .any) }
        #expect(await runner.waitUntilCaughtUp(to: 350))
        await runner.stop()
        #expect(runner.status.phase == .stopped)
        // Written while stopped: applied after the restart, nothing twice.
        for i in 0..<25 { _ = try await store.append(StoreContract.events(1), to: StreamID("h-\(i % 5)"), expected: .any) }
        let again = HandlerRunner(handler: model, store: store)
        again.start()
        #expect(await again.waitUntilCaughtUp(to: 375))
        await again.stop()
        let m = model.model.withLock { $0 }
        #expect(m.applied == 375)
        #expect(m.totals.values.reduce(0, +) == 375)
        #expect(m.totals["h-0"] == 75)
    }

    @Test("catching up over many pages (read ahead), the status shows the store's head and the real lag, and every event is applied once in order")
    func catchUpShowsTheStoresHead() async throws {
        let store = InMemoryEventStore()
        for i in 0..<4_000 { _ = try await store.append(StoreContract.events(1), to: StreamID("c-\(i % 7)"), expected: .any) }
        /// Slow: 30 ms a page, so there is a catch-up to look at.
        final class Slow: EventHandler {
            let name = "slow"
            let inner = TotalsReadModel()
            func checkpoint() async throws -> GlobalPosition { try await inner.checkpoint() }
            func handle(_ events: [RecordedEvent]) async throws {
                try await Task.sleep(for: .milliseconds(30))
                try await inner.handle(events)
            }
        }
        let model = Slow()
        let runner = HandlerRunner(handler: model, store: store, pageSize: 10, catchUpPageSize: 50)
        runner.start()
        // Part-way (not the first page): the head is the store's, the lag the distance to it.
        // Waits here detect a hang, not a speed: the whole suite runs in parallel on two
        // threads, and CPU-bound tests elsewhere can hold both for seconds.
        #expect(await runner.wait(timeout: .seconds(60)) { $0.position >= 300 })
        #expect(await runner.wait(timeout: .seconds(2)) { $0.head == 4_000 })
        let s = runner.status
        #expect(s.position < 4_000, "caught up too soon to look at: \(s.position)")
        #expect(s.lag == 4_000 - s.position.value)
        #expect(await runner.waitUntilCaughtUp(to: 4_000, timeout: .seconds(60)))
        await runner.stop()
        // TotalsReadModel traps on an event applied twice or out of order.
        #expect(model.inner.model.withLock { $0.applied } == 4_000)
    }

    @Test("an outage of the read model is retried and its error shown in the status, then cleared")
    func retriesWithStatus() async throws {
        let store = InMemoryEventStore()
        let model = TotalsReadModel()
        model.failNext.store(true, ordering: .relaxed)
        _ = try await store.append(StoreContract.events(10), to: "e-1", expected: .any)
        let runner = HandlerRunner(handler: model, store: store)
        runner.start()
        let deadline = ContinuousClock.now + .seconds(30)
        var sawError = false
        while ContinuousClock.now < deadline && runner.status.position < 10 {
            if runner.status.lastError?.contains("unavailable") == true { sawError = true }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(sawError)
        #expect(runner.status.position == 10)
        #expect(runner.status.lag == 0)
        #expect(runner.status.lastError == nil)
        await runner.stop()
        #expect(model.model.withLock { $0.applied } == 10)
    }
}
