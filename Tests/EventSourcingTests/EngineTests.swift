import EventScope
import EventScopeTesting
import Foundation
import Testing

@Suite("Engine: aggregate actors")
struct EngineTests {
    @Test("1,000 increments from 50 concurrent tasks end at 1,000 with no error and no conflict")
    func concurrentIncrementsAllSucceed() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        _ = try await engine.execute(Tally.self, id: "1", Tally.open)
        let errors = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    var errors = 0
                    for _ in 0..<20 {
                        do { _ = try await engine.execute(Tally.self, id: "1", Tally.add(1)) } catch { errors += 1 }
                    }
                    return errors
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(errors == 0)
        #expect(engine.metrics.conflicts == 0)
        #expect(try await engine.state(of: Tally.self, id: "1").state.total == 1_000)
        let stream = try await store.readStream("tally-1")
        #expect(stream.count == 1_001)
        #expect(stream.map(\.version.value) == Array(1...1_001))
    }

    @Test("a refused command appends nothing and leaves the state unchanged")
    func refusedCommandWritesNothing() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        await #expect(throws: CommandError.refused("not open")) {
            try await engine.execute(Tally.self, id: "9", Tally.add(5))
        }
        #expect(try await store.stats().eventCount == 0)
        _ = try await engine.execute(Tally.self, id: "9", Tally.open)
        _ = try await engine.execute(Tally.self, id: "9", Tally.add(5))
        await #expect(throws: CommandError.refused("too much")) {
            try await engine.execute(Tally.self, id: "9", Tally.add(2_000_000))
        }
        #expect(try await store.stats().eventCount == 2)
        #expect(try await engine.state(of: Tally.self, id: "9").state.total == 5)
        #expect(engine.metrics.refused == 2)
    }

    @Test("chained decisions append atomically: all events or none")
    func chainedDecisions() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        let result = try await engine.execute(Tally.self, id: "c", Tally.open.then(Tally.add(2)).then(Tally.add(3)))
        #expect(result.events.map(\.type) == ["tally.opened", "tally.added", "tally.added"])
        #expect(result.version == 3)
        // The last step is refused: nothing of the chain is written.
        await #expect(throws: CommandError.self) {
            try await engine.execute(Tally.self, id: "c", Tally.add(1).then(Tally.open))
        }
        #expect(try await store.stats().eventCount == 3)
        #expect(try await engine.state(of: Tally.self, id: "c").state.total == 5)
    }

    @Test("a loaded aggregate reads its stream once, not once per command")
    func loadsOnce() async throws {
        let store = InstrumentedStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        _ = try await engine.execute(Tally.self, id: "r", Tally.open)
        for _ in 0..<100 { _ = try await engine.execute(Tally.self, id: "r", Tally.add(1)) }
        #expect(store.reads == 1)
        #expect(engine.metrics.loaded == 1)
    }

    @Test("commands queue one at a time: a re-entrant actor would double-spend here")
    func strictlyOneAtATime() async throws {
        // Each add checks a limit against the current total; if two commands decided on the same
        // state while the first append was in flight, the total would pass the limit.
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        _ = try await engine.execute(Tally.self, id: "l", Tally.open.then(Tally.add(999_990)))
        let accepted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 {
                group.addTask { (try? await engine.execute(Tally.self, id: "l", Tally.add(1))) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(accepted == 10)
        let total = try await store.readStream("tally-l").count
        #expect(total == 2 + 10)
    }

    @Test("another writer's events are caught up and the command retried, not lost")
    func conflictCatchUpAndRetry() async throws {
        let store = InMemoryEventStore()
        // Two engines on one store stand for two processes.
        let a = Engine(store: store, catalog: tallyCatalog())
        let b = Engine(store: store, catalog: tallyCatalog())
        _ = try await a.execute(Tally.self, id: "x", Tally.open)
        _ = try await b.execute(Tally.self, id: "x", Tally.add(10))   // b loads, sees open, appends
        let r = try await a.execute(Tally.self, id: "x", Tally.add(1))  // a is stale: conflict, catch up, retry
        #expect(r.version == 3)
        #expect(a.metrics.conflicts == 1)
        #expect(try await a.state(of: Tally.self, id: "x").state.total == 11)
        // Concurrent writers on both engines: every command lands.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for engine in [a, b] {
                group.addTask {
                    for _ in 0..<100 { _ = try await engine.execute(Tally.self, id: "x", Tally.add(1)) }
                }
            }
            try await group.waitForAll()
        }
        let events = try await store.readStream("tally-x")
        #expect(events.count == 3 + 200)
        #expect(a.metrics.conflictFailures == 0 && b.metrics.conflictFailures == 0)
    }

    @Test("a store failure fails the command clearly and the next command still works")
    func storeFailure() async throws {
        let store = InstrumentedStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        _ = try await engine.execute(Tally.self, id: "f", Tally.open)
        store.failAppends = true
        let error = await #expect(throws: CommandError.self) {
            try await engine.execute(Tally.self, id: "f", Tally.add(1))
        }
        // Typed: the stream, the version it was decided at and the store's own error.
        guard case .store(let failure) = error else {
            Issue.record("expected a store error, got \(String(describing: error))")
            return
        }
        #expect(failure.stream == "tally-f" && failure.version == 1)
        #expect(failure.eventStoreError == .unavailable("store is down (test)"))
        #expect(error?.description == "store error: store is down (test)")
        store.failAppends = false
        let r = try await engine.execute(Tally.self, id: "f", Tally.add(1))
        #expect(r.version == 2)
        #expect(try await engine.state(of: Tally.self, id: "f").state.total == 1)
    }
}
