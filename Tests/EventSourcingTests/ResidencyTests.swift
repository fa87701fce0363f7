import EventScope
import EventScopeTesting
import Foundation
import Testing

@Suite("Engine: bounded residency")
struct ResidencyTests {
    @Test("10,000 aggregates touched with a cap of 100: never more than 100 resident, all counts right")
    func lruBoundUnderChurn() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: tallyCatalog(), options: EngineOptions(maxResident: 100, idleTimeout: nil))
        var peak = 0
        for wave in 0..<2 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for i in stride(from: worker, to: 10_000, by: 8) {
                            let d = wave == 0 ? Tally.open.then(Tally.add(i)) : Tally.add(1)
                            _ = try await engine.execute(Tally.self, id: "\(i)", d)
                        }
                    }
                }
                group.addTask {
                    // Sample residency while the workers churn.
                    for _ in 0..<50 {
                        #expect(engine.metrics.resident <= 100)
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
                try await group.waitForAll()
            }
            peak = max(peak, engine.metrics.resident)
        }
        #expect(peak <= 100)
        let m = engine.metrics
        #expect(m.resident <= 100)
        #expect(m.evicted >= 19_800)
        #expect(m.loaded >= 20_000 - 100)
        for i in [0, 1, 4_999, 9_999] {
            #expect(try await engine.state(of: Tally.self, id: "\(i)").state.total == i + 1)
        }
        #expect(try await store.stats().eventCount == 30_000)
    }

    @Test("idle aggregates are evicted after the idle timeout")
    func idleTimeout() async throws {
        let engine = Engine(store: InMemoryEventStore(), catalog: tallyCatalog(), options: EngineOptions(maxResident: 1_000, idleTimeout: .seconds(1)))
        let started = ContinuousClock.now
        for i in 0..<10 { _ = try await engine.execute(Tally.self, id: "\(i)", Tally.open) }
        if ContinuousClock.now - started < .milliseconds(900) {
            // None has been idle for the timeout yet (checked only when the machine was quick enough).
            #expect(engine.metrics.resident == 10)
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while engine.metrics.resident > 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(engine.metrics.resident == 0)
        #expect(engine.metrics.evicted == 10)
        // An evicted aggregate reloads with its state intact.
        _ = try await engine.execute(Tally.self, id: "3", Tally.add(4))
        #expect(try await engine.state(of: Tally.self, id: "3").state.total == 4)
    }
}
