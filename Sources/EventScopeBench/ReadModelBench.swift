import EventScope
import EventScopeDemo
import EventScopeStores
import Foundation

/// The domain's read models as the explorer runs them, for the bench's read-side figures. The
/// executable provides them: the bench knows no domain's read models (its target does not
/// depend on them), only the ``ReadModel`` protocol.
public struct BenchReadModels: Sendable {
    /// The read models of a scratch store, and how to remove what they wrote.
    public struct Opened: Sendable {
        public var models: [any ReadModel]
        /// Closes their database and deletes it if it is a file of its own.
        public var close: @Sendable () async -> Void
        public init(models: [any ReadModel], close: @escaping @Sendable () async -> Void) {
            self.models = models
            self.close = close
        }
    }

    /// The read model whose rebuild is measured (`rebuild_<name>_per_s`).
    public var rebuildName: String
    /// Opens the read models of the scratch store `store` (opened from `location`), where the
    /// explorer would keep them: in an SQLite store's own file, in an SQLite file of their own
    /// for Redis or memory.
    public var open: @Sendable (_ store: any EventStore, _ location: StoreLocation) async throws -> Opened

    public init(rebuildName: String, open: @escaping @Sendable (_ store: any EventStore, _ location: StoreLocation) async throws -> Opened) {
        self.rebuildName = rebuildName
        self.open = open
    }
}

/// Rebuilding a read model from history: `rebuild_<name>_per_s`, on a scratch store of its
/// own holding only counter events (1,000 counters taking turns: every event is one the
/// `counters` read model applies, the costly case), read from the store and written to SQLite
/// as `eventscope rebuild` does.
enum ReadModelBench {
    /// Counter events the rebuild replays (fewer with `quick`).
    static func rebuildEvents(quick: Bool) -> Int { quick ? 200_000 : 1_000_000 }

    static func rebuild(like origin: StoreLocation, readModels: BenchReadModels, quick: Bool, progress: (String) -> Void) async throws -> [BenchRow] {
        let target = try await ScratchStore.make(like: origin)
        do {
            let total = rebuildEvents(quick: quick)
            progress("read models: filling a scratch store with \(total) counter events…")
            try await fillCounters(target.store, events: total)
            let opened = try await readModels.open(target.store, target.location)
            do {
                progress("read models: rebuilding \(readModels.rebuildName) over \(total) events…")
                let runners = ReadModelRunners(opened.models, store: target.store)
                guard let runner = runners.runner(named: readModels.rebuildName) else {
                    throw BenchFailure("bench: no read model called \(readModels.rebuildName)")
                }
                let head = try await target.store.stats().headPosition
                // A first run warms the file and the caches; the second is measured.
                var rates: [Double] = []
                for _ in 0..<2 {
                    let clock = ContinuousClock()
                    let start = clock.now
                    let before = runner.status.rebuildsStarted
                    runner.control(.rebuild)
                    runner.start()
                    let done = await runner.wait(timeout: .seconds(600)) { s in
                        s.rebuildsStarted > before && s.rebuild == nil && s.position >= head
                    }
                    let seconds = (clock.now - start).asSeconds
                    await runner.stop()
                    guard done else { throw BenchFailure("bench: the rebuild of \(readModels.rebuildName) did not finish within 600 s (at \(runner.status.position.value) of \(head.value))") }
                    rates.append(Double(head.value) / seconds)
                }
                await opened.close()
                return [BenchRow("rebuild_\(readModels.rebuildName)_per_s", rates.last ?? 0, "events/s",
                                 label: "read models: rebuild of \(readModels.rebuildName) over \(grouped(head.value)) counter events (1,000 counters)")]
            } catch {
                await opened.close()
                throw error
            }
        } catch {
            await target.finish()
            throw error
        }
    }

    /// Appends `events` counter events over 1,000 counters (created, then increments), 10
    /// events per append, the counters taking turns (8 tasks, each its share of counters round
    /// after round): a page of `$all` touches hundreds of counters, as live traffic does.
    static func fillCounters(_ store: any EventStore, events: Int) async throws {
        let codec = DemoCatalog.make().codec
        let counters = 1_000
        let perAppend = 10
        let rounds = max(1, events / (counters * perAppend))
        let run = UUID().uuidString.prefix(6).lowercased()
        let created = try codec.propose(CounterCreated(), metadata: EventMetadata())
        let increments = try (1...(rounds * perAppend)).map { try codec.propose(CounterIncremented(count: $0), metadata: EventMetadata()) }
        let tasks = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for t in 0..<tasks {
                group.addTask {
                    for round in 0..<rounds {
                        for i in stride(from: t, to: counters, by: tasks) {
                            let first = round * perAppend
                            var batch = round == 0 ? [created] + increments[0..<(perAppend - 1)] : Array(increments[(first - 1)..<(first - 1 + perAppend)])
                            // Every event its own id (a store refuses an id it already holds).
                            for k in batch.indices { batch[k].eventID = .newEventID() }
                            let stream = StreamID(category: Counter.category, id: "rb\(run)-\(i)")
                            _ = try await store.append(batch, to: stream, expected: round == 0 ? .noStream : .exact(StreamVersion(Int64(first))))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// `1000000` → `1,000,000`.
func grouped(_ n: Int64) -> String {
    let digits = String(n)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return out
}
