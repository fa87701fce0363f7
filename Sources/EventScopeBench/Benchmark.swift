import EventScopeDemo
import EventScope
import EventScopeStores
import Foundation
import EventScopeSQLite
/// `eventscope bench`: the engine's and the store's figures, measured in one run on a scratch
/// store, against the store's own limit.
public enum Benchmark {
    /// Measures everything on `target` (a scratch store: the bench fills it).
    /// - Parameters:
    ///   - quick: shorter runs (seconds instead of a minute); noisier figures.
    ///   - streams: counters the throughput clients spread over; the store limit uses as many streams.
    ///   - progress: what is being measured, for people (e.g. on stderr).
    ///   - readModels: the domain's read models: with them, the rebuild rate
    ///     (`rebuild_<name>_per_s`) and the read models' lag behind the explorer's load
    ///     (`read_model_lag_*_ms`, the read models running inside the explorer as they always do).
    ///   - explorer: measures the explorer's rows (with the read models running in it); `nil`
    ///     measures them in this process, on `target`. The executable passes one that runs them
    ///     in a fresh process of its own, as people run the explorer: in this process the peak
    ///     memory would count what the bench's earlier parts left resident (a million decoded
    ///     events, the allocator's free lists).
    /// - Throws: the store's errors, and ``BenchFailure`` when a measurement cannot be made.
    public static func run(
        on target: ScratchStore, quick: Bool, streams: Int, readModels: BenchReadModels? = nil,
        explorer: (@Sendable () async throws -> [BenchRow])? = nil,
        progress: (String) -> Void
    ) async throws -> BenchFigures {
        if ProcessInfo.processInfo.environment["EVENTSCOPE_BENCH_READ_MODELS_ONLY"] == "1" {
            // Set EVENTSCOPE_BENCH_READ_MODELS_ONLY=1 for the read models' figures alone (and the explorer's, measured with them).
            return BenchFigures.only(
                try await readModelRows(on: target, quick: quick, readModels: readModels, explorer: explorer, progress: progress),
                store: target.description, quick: quick, streams: streams)
        }
        var bench = EngineBench(store: target.store, quick: quick)
        bench.throughputStreams = streams
        progress("bench on \(target.description)\(quick ? " (quick)" : "")")
        progress("seeding counters with 10, 1000 and 100000 events…")
        let seeded = try await bench.seed()
        let readRows = {
            try await ReadBench.run(
                store: target.store, quick: quick, longStream: Counter.stream(seeded[100_000]!), codec: DemoCatalog.make().codec)
        }
        if ProcessInfo.processInfo.environment["EVENTSCOPE_BENCH_READS_ONLY"] == "1" {
            // Set EVENTSCOPE_BENCH_READS_ONLY=1 for the history-reading rows alone (all_read_per_s, …).
            return BenchFigures.only(try await readRows(), store: target.description, quick: quick, streams: streams)
        }
        progress("hot command latency…")
        let hot = try await bench.hotLatency(seeded: seeded)
        progress("cold loads without snapshots…")
        let coldNoSnapshot = try await bench.coldLoad(seeded: seeded, snapshots: false)
        progress("cold loads with snapshots…")
        let cold = try await bench.coldLoad(seeded: seeded, snapshots: true)
        progress("throughput with 1, 8 and 64 clients…")
        let (throughput, writer) = try await bench.throughput()
        progress("store appends without the engine…")
        let storeAppend64 = try await bench.storeAppendThroughput(clients: 64)
        progress("the store's own limit…")
        // The same 200,000 rows in both modes: the limit falls as the table and its random
        // event-id index grow, and a smaller table would flatter it against the store under
        // test, which holds over 100,000 events by then.
        let limitRows = try limitEvents(rows: 200_000, streams: streams)
        let limit = try await target.appendCeiling(limitRows)
        // What one commit costs on this disk now: N clients are acknowledged at most N per
        // commit, so a slow fsync (a busy disk) lowers the ratio whatever the store does.
        let commitMS = try await target.commitMilliseconds(limitRows[0].event)
        var figures = BenchFigures(
            store: target.description, quick: quick, streams: streams, hotLatencyUS: hot, coldLoadMS: cold,
            throughput: throughput, storeLimit: limit, limitMethod: target.ceilingMethod)
        figures.coldLoadNoSnapshotMS = coldNoSnapshot
        figures.storeAppend64 = storeAppend64
        figures.averageGroup = writer[64]?.appendsPerTransaction
        figures.writerBusy = writer[64]?.busy
        if let commitMS {
            figures.extra.append(BenchRow("sqlite_commit_ms", commitMS, "ms", label: "SQLite: one commit of one row, median (the disk's fsync when durable)"))
        }
        if ProcessInfo.processInfo.environment["EVENTSCOPE_BENCH_NO_RENDER"] != "1" {
            // Set EVENTSCOPE_BENCH_NO_RENDER=1 to skip (e.g. where no pseudo-terminal can be opened).
            progress("terminal rendering…")
            figures.extra += try await RenderBench.run(quick: quick)
        }
        progress("reading history: $all and a 100,000-event stream…")
        figures.extra += try await readRows()
        if ProcessInfo.processInfo.environment["EVENTSCOPE_BENCH_NO_EXPLORER"] != "1" {
            // Set EVENTSCOPE_BENCH_NO_EXPLORER=1 to skip (the explorer's figures take the longest).
            progress("explorer: first frame on a big store, tailing a 10,000 ev/s load…")
            figures.extra += try await readModelRows(on: target, quick: quick, readModels: readModels, explorer: explorer, progress: progress)
        }
        return figures
    }

    /// The rebuild rate, then the explorer's figures with the read models running in it
    /// (`explorer`'s, from a process of its own, when given).
    static func readModelRows(
        on target: ScratchStore, quick: Bool, readModels: BenchReadModels?, explorer: (@Sendable () async throws -> [BenchRow])?, progress: (String) -> Void
    ) async throws -> [BenchRow] {
        var rows: [BenchRow] = []
        if let readModels {
            rows += try await ReadModelBench.rebuild(like: target.origin, readModels: readModels, quick: quick, progress: progress)
        }
        progress("explorer with its read models: first frame on a big store, tailing a 10,000 ev/s load…")
        if let explorer { return rows + (try await explorer()) }
        guard let readModels else { return rows + (try await ExplorerBench.run(store: target.store, quick: quick)) }
        let opened = try await readModels.open(target.store, target.location)
        do {
            rows += try await ExplorerBench.run(store: target.store, quick: quick, readModels: opened.models)
        } catch {
            await opened.close()
            throw error
        }
        await opened.close()
        return rows
    }

    /// The explorer's figures alone (`eventscope explore --bench`), on `store` (a scratch store:
    /// the bench fills it to 1,000,000 events, 100,000 with `quick`).
    public static func explorerRows(store: any EventStore, quick: Bool, readModels: [any ReadModel] = []) async throws -> [BenchRow] {
        try await ExplorerBench.run(store: store, quick: quick, readModels: readModels)
    }

    /// The rows the store's limit appends: counter increments the size of the engine's, spread
    /// over `streams` streams, each stream counting up.
    static func limitEvents(rows: Int, streams: Int) throws -> [(stream: StreamID, event: ProposedEvent)] {
        let codec = DemoCatalog.make().codec
        let streamCount = max(1, streams)
        return try (0..<rows).map { n in
            let event = try codec.propose(CounterIncremented(count: n / streamCount + 1), metadata: EventMetadata())
            return (StreamID(category: Counter.category, id: "limit-\(n % streamCount)"), event)
        }
    }
}
