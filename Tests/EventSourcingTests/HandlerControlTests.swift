import EventScope
import EventScopeTesting
import Foundation
import Synchronization
import Testing

/// A read model in memory that throws on events of a poisoned stream (until cured), and can
/// be reset and told to skip an event, each atomically under one lock.
final class PoisonableReadModel: EventHandler {
    let name = "poisonable"
    struct Model {
        var counts: [StreamID: Int] = [:]
        var checkpoint = GlobalPosition.start
        var applied: [GlobalPosition] = []
        var skipped: [SkippedEvent] = []
    }
    let model = Mutex(Model())
    let poisoned = Mutex<StreamID?>(nil)
    let resets = Atomic<Int>(0)

    func checkpoint() async throws -> GlobalPosition { model.withLock { $0.checkpoint } }

    func handle(_ events: [RecordedEvent]) async throws {
        let poison = poisoned.withLock { $0 }
        if let bad = events.first(where: { $0.streamID == poison }) { throw DomainError("cannot apply \(bad.type.rawValue) (poisoned)") }
        model.withLock { m in
            for e in events {
                precondition(e.position > m.checkpoint, "event applied twice")
                m.counts[e.streamID, default: 0] += 1
                m.checkpoint = e.position
                m.applied.append(e.position)
            }
        }
    }

    func reset() async throws {
        model.withLock { $0 = Model() }
        resets.add(1, ordering: .relaxed)
    }

    func skip(_ event: RecordedEvent, reason: String) async throws {
        model.withLock { m in
            m.skipped.append(SkippedEvent(position: event.position, eventType: event.type, reason: reason, at: Date()))
            m.checkpoint = event.position
        }
    }

    func skipped() async throws -> [SkippedEvent] { model.withLock { $0.skipped } }
}

@Suite("Handler control")
struct HandlerControlTests {
    /// 30 events: streams h-0 … h-2 in turn; h-poison's single event at position 16.
    private func store() async throws -> InMemoryEventStore {
        let store = InMemoryEventStore()
        for i in 0..<30 {
            let stream: StreamID = i == 15 ? "h-poison" : StreamID("h-\(i % 3)")
            _ = try await store.append(StoreContract.events(1), to: stream, expected: .any)
        }
        return store
    }

    @Test("a handler that throws stops at that event with position, type and message; the events before it are applied")
    func stopsAtTheFailingEvent() async throws {
        let store = try await store()
        let model = PoisonableReadModel()
        model.poisoned.withLock { $0 = "h-poison" }
        let runner = HandlerRunner(handler: model, store: store, pageSize: 8)
        runner.start()
        #expect(await runner.wait { $0.phase == .failed })
        let status = runner.status
        #expect(status.failure?.position == 16)
        #expect(status.failure?.stream == "h-poison")
        #expect(status.failure?.eventType == StoreContract.events(1)[0].type)
        #expect(status.failure?.message.contains("poisoned") == true)
        #expect(status.position == 15)
        #expect(model.model.withLock { $0.applied } == (1...15).map { GlobalPosition($0) })
        // It stays there while the store moves on.
        _ = try await store.append(StoreContract.events(5), to: "h-0", expected: .any)
        try await Task.sleep(for: .milliseconds(300))
        #expect(runner.status.phase == .failed)
        #expect(model.model.withLock { $0.checkpoint } == 15)
        await runner.stop()
    }

    @Test("retry applies the failed event once it can be; skip moves past it and records it")
    func retryAndSkip() async throws {
        let store = try await store()
        let model = PoisonableReadModel()
        model.poisoned.withLock { $0 = "h-poison" }
        let runner = HandlerRunner(handler: model, store: store, pageSize: 8)
        runner.start()
        #expect(await runner.wait { $0.phase == .failed })
        // Retry while still broken: fails again at the same event.
        #expect(runner.control(.retry) == nil)
        #expect(await runner.wait { $0.phase == .failed && $0.failure?.position == 16 && $0.position == 15 })
        // Cured: a retry applies it and everything after.
        model.poisoned.withLock { $0 = nil }
        runner.control(.retry)
        #expect(await runner.waitUntilCaughtUp(to: 30))
        #expect(runner.status.failure == nil)
        #expect(model.model.withLock { $0.applied.count } == 30)

        // A second poisoned event, skipped this time.
        model.poisoned.withLock { $0 = "h-poison" }
        _ = try await store.append(StoreContract.events(1), to: "h-poison", expected: .any)
        _ = try await store.append(StoreContract.events(2), to: "h-1", expected: .any)
        #expect(await runner.wait { $0.phase == .failed && $0.failure?.position == 31 })
        #expect(runner.control(.skip) == nil)
        #expect(await runner.waitUntilCaughtUp(to: 33))
        let m = model.model.withLock { $0 }
        #expect(m.skipped.map(\.position) == [31])
        #expect(m.skipped.first?.reason.contains("poisoned") == true)
        #expect(!m.applied.contains(31))
        #expect(m.applied.count == 32)
        #expect(runner.status.skippedCount == 1)
        // Retry and skip make no sense when nothing failed.
        #expect(runner.control(.skip) != nil)
        await runner.stop()
    }

    @Test("pause holds the read side while the write side moves on; step applies one event; resume catches up")
    func pauseStepResume() async throws {
        let store = try await store()
        let model = PoisonableReadModel()
        let runner = HandlerRunner(handler: model, store: store)
        runner.start()
        #expect(await runner.waitUntilCaughtUp(to: 30))
        runner.control(.pause)
        #expect(await runner.wait { $0.phase == .paused })
        _ = try await store.append(StoreContract.events(10), to: "h-0", expected: .any)
        #expect(await runner.wait { $0.head == 40 && $0.lag == 10 })
        #expect(runner.status.lagSeconds(at: Date().addingTimeInterval(5)) >= 5)
        #expect(model.model.withLock { $0.checkpoint } == 30)
        runner.control(.step)
        #expect(await runner.wait { $0.position == 31 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(runner.status.position == 31)
        #expect(runner.status.phase == .paused)
        runner.control(.step)
        runner.control(.step)
        #expect(await runner.wait { $0.position == 33 })
        runner.control(.resume)
        #expect(await runner.waitUntilCaughtUp(to: 40))
        #expect(await runner.wait { $0.phase == .running && $0.lag == 0 })
        await runner.stop()
    }

    @Test("rebuild empties the read model and replays from position 1 with progress")
    func rebuild() async throws {
        let store = try await store()
        let model = PoisonableReadModel()
        let runner = HandlerRunner(handler: model, store: store, pageSize: 4, catchUpPageSize: 4)
        runner.start()
        // Waits detect a hang, not a speed (the suite runs in parallel on two threads).
        #expect(await runner.waitUntilCaughtUp(to: 30, timeout: .seconds(60)))
        runner.control(.rebuild)
        #expect(await runner.wait(timeout: .seconds(60)) { _ in model.resets.load(ordering: .relaxed) == 1 })
        #expect(await runner.wait(timeout: .seconds(60)) { $0.rebuild == nil && $0.position == 30 && $0.phase == .running })
        let m = model.model.withLock { $0 }
        #expect(m.applied == (1...30).map { GlobalPosition($0) })
        #expect(m.counts["h-poison"] == 1)
        await runner.stop()
    }

    @Test("two runners on one shared read model: one keeps it, the other stands by and takes over when it stops")
    func leaseHandover() async throws {
        let store = try await store()
        let model = SharedLeaseModel()
        let a = HandlerRunner(handler: model, store: store, keeper: HandlerKeeper(pid: 1, host: "a"), staleAfter: .seconds(60))
        let b = HandlerRunner(handler: model, store: store, keeper: HandlerKeeper(pid: 2, host: "b"), staleAfter: .seconds(60))
        a.start()
        #expect(await a.waitUntilCaughtUp(to: 30))
        b.start()
        #expect(await b.wait { $0.phase == .standby && $0.keeper?.pid == 1 })
        await a.stop()
        _ = try await store.append(StoreContract.events(5), to: "h-2", expected: .any)
        #expect(await b.wait(timeout: .seconds(5)) { $0.phase == .running && $0.position == 35 })
        #expect(model.inner.model.withLock { $0.applied } == (1...35).map { GlobalPosition($0) })
        await b.stop()
    }
}

/// A read model that records its lease like a shared file would.
final class SharedLeaseModel: EventHandler {
    let inner = PoisonableReadModel()
    let lease = Mutex<HandlerLease?>(nil)
    var name: String { inner.name }
    func checkpoint() async throws -> GlobalPosition { try await inner.checkpoint() }
    func handle(_ events: [RecordedEvent]) async throws { try await inner.handle(events) }
    func renew(_ mine: HandlerLease, staleAfter: Duration) async throws -> HandlerLease {
        lease.withLock { current in
            if let c = current, c.keeper != mine.keeper, mine.heartbeat.timeIntervalSince(c.heartbeat) < staleAfter / .seconds(1) { return c }
            current = mine
            return mine
        }
    }
    func release(_ keeper: HandlerKeeper) async { lease.withLock { if $0?.keeper == keeper { $0 = nil } } }
}
