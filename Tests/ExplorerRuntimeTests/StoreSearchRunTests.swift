import EventScopeDemo
import EventScope
import EventScopeExplorer
import EventScopeExplorerRuntime
import Foundation
import EventScopeTerminalUI
import Testing

/// Issue 14, item 3, end to end: the runner pages the event filter's search through the store.
@Suite("Explorer runtime: store search")
struct StoreSearchRunTests {
    @Test("a filter finds the only matches, at #1–#5 of 12,000 events, far below the tail")
    func filterFindsMatchesAtTheStart() async throws {
        let store = InMemoryEventStore()
        for i in 1...5 {
            _ = try await store.append([ProposedEvent(type: "counter.created", data: Data("{}".utf8))], to: StreamID("counter-\(i)"), expected: .noStream)
        }
        for batch in 0..<(11_995 / 5) {
            _ = batch
            for i in 1...5 {
                _ = try await store.append([ProposedEvent(type: "counter.incremented", data: Data(#"{"count":1}"#.utf8))], to: StreamID("counter-\(i)"), expected: .any)
            }
        }
        #expect(try await store.stats().eventCount == 12_000)

        let backend = TestBackend(size: Size(width: 120, height: 40))
        let runner = ExplorerRunner(store: store, catalog: DemoCatalog.make())
        let latest = RunnerTests.Latest()
        let task = Task {
            await runner.run(backend: backend) { state, _ in
                latest.set(state)
                return !(state.tail.search?.finished == true)
            }
        }
        let timeout = Task {
            try? await Task.sleep(for: .seconds(20))
            backend.finish()
        }
        // The filter is typed once the tail holds its newest 500 events.
        while latest.value.map({ $0.tail.started && $0.tail.buffer.count == 500 }) != true {
            try await Task.sleep(for: .milliseconds(20))
        }
        backend.send([.char("2"), .char("/")] + "counter.created".map { Key.char($0) } + [.enter])
        await task.value
        timeout.cancel()
        runner.engine.shutdown()

        let state = try #require(latest.value)
        #expect(state.tail.search?.finished == true, "the search read down to position 1")
        #expect(state.tail.shown.map(\.position.value) == [1, 2, 3, 4, 5])
        #expect(state.tail.search?.total == 12_000)
    }
}
