import EventScopeBench
import EventSourcing
import EventStores
import Explorer

extension BenchParts {
    /// The bench's parts that still live in this executable: the demo's counter clients
    /// (``CounterLoad``) and the explorer's runtime (``ExplorerRunner``).
    static let executable = BenchParts(
        createCounters: { engine, ids in
            try await CounterLoad(engine: engine, clients: 64, counterIDs: ids, limit: .commands(0)).createCounters()
        },
        incrementCounters: { engine, clients, ids, duration in
            let report = await CounterLoad(engine: engine, clients: clients, counterIDs: ids, limit: .duration(duration)).run()
            return LoadFigures(
                commands: report.commands, ok: report.ok, errors: report.errors, seconds: report.seconds, firstError: report.firstError)
        },
        runExplorer: { engine, backend, onFrame in
            let config = ExplorerConfig(catalog: engine.catalog, storeName: engine.store.displayName)
            await ExplorerRunner(config: config, engine: engine).run(backend: backend, observer: onFrame)
        })
}

// MARK: - Names `explore --bench` still uses (ExploreCommand is being rewritten with the
// explorer runtime; its rewrite calls EventScopeBench directly and these go).

typealias BenchTarget = ScratchStore

extension ScratchStore {
    static func make(_ location: StoreLocation) async throws -> ScratchStore {
        try await make(like: location)
    }
}

enum ExplorerBench {
    static func run(store: any EventStore, quick: Bool) async throws -> [BenchRow] {
        try await Benchmark.explorerRows(store: store, quick: quick, parts: .executable)
    }
}
