import EventScopeDemo
import EventScope
import Foundation
import EventScopeSQLite
/// The engine's figures on one store: command latency on resident aggregates and cold-load
/// time by stream length, and throughput by number of concurrent clients.
struct EngineBench {
    let store: any EventStore
    let quick: Bool

    /// Stream lengths measured (events per aggregate).
    static let lengths = [10, 1_000, 100_000]
    /// Concurrent clients measured.
    static let clientCounts = [1, 8, 64]
    /// Counters the throughput clients spread over (and the store limit's streams).
    var throughputStreams = 1_000

    /// Median microseconds per increment on a resident counter, by stream length.
    func hotLatency(seeded ids: [Int: String]) async throws -> [Int: Double] {
        var result: [Int: Double] = [:]
        for length in Self.lengths {
            let engine = Engine(store: store, catalog: DemoCatalog.make())
            defer { engine.shutdown() }
            let id = ids[length]!
            // The first command loads the stream; the measured ones run on the resident instance.
            for _ in 0..<5 { _ = try await engine.execute(Counter.self, id: id, Counter.increment) }
            let clock = ContinuousClock()
            var samples: [Double] = []
            for _ in 0..<(quick ? 100 : 400) {
                let start = clock.now
                _ = try await engine.execute(Counter.self, id: id, Counter.increment)
                samples.append((clock.now - start).asMicroseconds)
            }
            result[length] = Self.median(samples)
        }
        return result
    }

    /// Median milliseconds to load a counter's state from the store into a fresh engine: with
    /// `snapshots`, from the latest snapshot plus the events after it (each counter is loaded
    /// once first and its snapshot waited for); without, folding every event.
    func coldLoad(seeded ids: [Int: String], snapshots: Bool) async throws -> [Int: Double] {
        var options = EngineOptions()
        options.snapshots = snapshots
        if snapshots, let snapshotStore = store as? any SnapshotStore {
            for length in Self.lengths where length >= Counter.snapshotPolicy?.every ?? Int.max {
                let engine = Engine(store: store, catalog: DemoCatalog.make(), options: options)
                _ = try await engine.state(of: Counter.self, id: ids[length]!)
                let stream = Counter.stream(ids[length]!)
                let deadline = ContinuousClock.now + .seconds(30)
                while try await snapshotStore.snapshot(of: stream) == nil {
                    guard ContinuousClock.now < deadline else { throw BenchFailure("bench: no snapshot of \(stream) was written") }
                    try await Task.sleep(for: .milliseconds(5))
                }
                engine.shutdown()
            }
        }
        var result: [Int: Double] = [:]
        for length in Self.lengths {
            let runs = quick ? 3 : (length >= 100_000 ? 5 : 7)
            var samples: [Double] = []
            for _ in 0..<runs {
                let engine = Engine(store: store, catalog: DemoCatalog.make(), options: options)
                let clock = ContinuousClock()
                let start = clock.now
                let (state, _) = try await engine.state(of: Counter.self, id: ids[length]!)
                samples.append((clock.now - start).asSeconds * 1_000)
                engine.shutdown()
                guard state.count != nil else { throw BenchFailure("bench: counter \(ids[length]!) did not load") }
            }
            result[length] = Self.median(samples)
        }
        return result
    }

    /// How the SQLite writer did during one throughput run.
    struct WriterFigures {
        /// Appends per write transaction.
        var appendsPerTransaction: Double
        /// Fraction of the run spent in write transactions.
        var busy: Double
    }

    /// Acknowledged increments per second, by number of concurrent clients (and, on SQLite,
    /// the writer's figures for each run).
    func throughput() async throws -> (perSecond: [Int: Double], writer: [Int: WriterFigures]) {
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        guard let plan = DemoCatalog.demo.traffic else { throw BenchFailure("bench: the demo catalog describes no traffic") }
        let streams = plan.streams(count: throughputStreams, idPrefix: "tp-")
        _ = try await LoadGenerator(engine: engine, plan: plan, streams: streams, clients: 64, limit: .commands(0)).prepare()
        var result: [Int: Double] = [:]
        var writer: [Int: WriterFigures] = [:]
        for clients in Self.clientCounts {
            let seconds = quick ? 1.5 : 4.0
            // A short warm-up with the same clients, not counted.
            _ = await try LoadGenerator(engine: engine, plan: plan, streams: streams, clients: clients, limit: .duration(.milliseconds(200))).run()
            let before = (store as? SQLiteEventStore)?.writeStats
            let report = await try LoadGenerator(engine: engine, plan: plan, streams: streams, clients: clients, limit: .duration(.milliseconds(Int64(seconds * 1000)))).run()
            if let before, let after = (store as? SQLiteEventStore)?.writeStats, after.transactions > before.transactions {
                writer[clients] = WriterFigures(
                    appendsPerTransaction: Double(after.appends - before.appends) / Double(after.transactions - before.transactions),
                    busy: (after.writeSeconds - before.writeSeconds) / report.seconds)
            }
            if report.errors > 0 {
                throw BenchFailure("bench: \(report.errors) of \(report.commands) increments failed with \(clients) clients: \(report.firstError ?? "")")
            }
            result[clients] = report.perSecond
        }
        return (result, writer)
    }

    /// Appends per second straight to the store (no engine): `clients` tasks each appending
    /// one pre-encoded increment at a time, over the throughput streams.
    func storeAppendThroughput(clients: Int) async throws -> Double {
        let codec = DemoCatalog.make().codec
        let event = try codec.propose(CounterIncremented(count: 1), metadata: EventMetadata())
        let seconds = quick ? 1.0 : 3.0
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(seconds * 1000))
        let start = clock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var n = 0
                    var i = client
                    while clock.now < deadline {
                        var e = event
                        e.eventID = .newEventID()
                        _ = try await store.append([e], to: StreamID("raw-\(i % throughputStreams)"), expected: .any)
                        i += clients
                        n += 1
                    }
                    return n
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(total) / (clock.now - start).asSeconds
    }

    /// Seeds one counter per length: created, then incremented to `length` events in big appends.
    func seed() async throws -> [Int: String] {
        let codec = DemoCatalog.make().codec
        var ids: [Int: String] = [:]
        for length in Self.lengths {
            let id = "bench-\(length)-\(UUID().uuidString.prefix(6))"
            let stream = StreamID(category: Counter.category, id: id)
            var written = 0
            while written < length {
                let count = min(1_000, length - written)
                let events: [ProposedEvent] = try (0..<count).map { i in
                    let n = written + i
                    return n == 0
                        ? try codec.propose(CounterCreated(), metadata: EventMetadata())
                        : try codec.propose(CounterIncremented(count: n), metadata: EventMetadata())
                }
                _ = try await store.append(events, to: stream, expected: .exact(StreamVersion(Int64(written))))
                written += count
            }
            ids[length] = id
        }
        return ids
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
