import EventScopeDemo
import EventScope
import EventScopeExplorer
import EventScopeExplorerRuntime
import Foundation
import Synchronization
import EventScopeTerminalUI
import Testing

/// The runtime headless: the real runner on an in-memory store and a `TestBackend`.
@Suite("Explorer runtime")
struct RunnerTests {
    final class Latest: Sendable {
        private let state = Mutex<ExplorerState?>(nil)
        func set(_ s: ExplorerState) { state.withLock { $0 = s } }
        var value: ExplorerState? { state.withLock { $0 } }
    }

    /// Runs the explorer until `done` holds for a drawn state (or 30 s pass — the whole suite
    /// shares two cores); returns that state.
    static func run(catalog: CommandCatalog, options: ExplorerOptions = ExplorerOptions(), keys: [Key] = [], until done: @escaping @Sendable (ExplorerState) -> Bool) async -> ExplorerState? {
        let backend = TestBackend(size: Size(width: 120, height: 40))
        let runner = ExplorerRunner(store: InMemoryEventStore(), catalog: catalog, options: options)
        let latest = Latest()
        let task = Task {
            await runner.run(backend: backend) { state, _ in
                latest.set(state)
                return !done(state)
            }
        }
        backend.send(keys)
        let timeout = Task {
            try? await Task.sleep(for: .seconds(30))
            backend.finish()
        }
        await task.value
        timeout.cancel()
        runner.engine.shutdown()
        return latest.value
    }

    @Test func seedingOnStartUsesTheCatalogsSeed() async {
        let state = await Self.run(catalog: DemoCatalog.make(), options: ExplorerOptions(seedOnStart: true)) {
            !$0.seeding && $0.aggregates.rows.count >= 6
        }
        #expect(state?.aggregates.rows.count == 6, "\(state?.notice?.text ?? "no notice")")
        #expect(state?.notice?.text.hasPrefix("seeded 6 demo aggregates") == true, "\(state?.notice?.text ?? "no notice")")
    }

    @Test func aCatalogWithoutDemoOffersNoSeedAndNoTraffic() async {
        var catalog = DemoCatalog.make()
        catalog.demo = nil
        let state = await Self.run(catalog: catalog, keys: [.char("D")]) {
            $0.notice?.text.contains("offers no demo traffic") == true
        }
        #expect(state?.notice?.text == "this catalog offers no demo traffic (CommandCatalog.demo.traffic)")
        #expect(state?.overlay == nil, "an empty store offers no seeding")
        #expect(state?.traffic.running == false)
        #expect(state.map { !$0.keyMap.hints(for: .events).contains { $0.key == "D" } } == true)
    }
}
