import EventScopeDemo
import EventScope
import EventScopeExplorer
import EventScopeExplorerRuntime
import Foundation
import Synchronization
import EventScopeTerminalUI

/// The explorer's figures, measured headless (the real runner, a terminal backend that
/// discards what it is given): time from start to the first full frame on a big store, peak
/// memory while tailing, and how far the screen falls behind a 10,000 events/s load.
enum ExplorerBench {
    /// Events the store is filled to before measuring (fewer with `quick`).
    static func targetEvents(quick: Bool) -> Int { quick ? 100_000 : 1_000_000 }
    /// Events written per second during the tailing measurement.
    static let loadRate = 10_000

    /// - Parameter readModels: the domain's read models, run as the explorer runs them (catch
    ///   up, then live); with some, the rows include their lag behind the load.
    static func run(store: any EventStore, quick: Bool, readModels: [any ReadModel] = []) async throws -> [BenchRow] {
        let target = targetEvents(quick: quick)
        try await fill(store, to: target)
        let events = try await store.stats().eventCount
        let streams = try await store.stats().streamCount
        var rows: [BenchRow] = []
        let firstFrame = try await timeToFirstFrame(store)
        rows.append(BenchRow("explorer_first_frame_ms", firstFrame, "ms", label: "explorer: start to first full frame (\(grouped(events)) events, \(grouped(streams)) streams)"))
        rows += try await ExplorerTimeTravelBench.run(store: store, quick: quick)
        let tail = try await tailUnderLoad(store, seconds: quick ? 3 : 10, readModels: readModels)
        rows.append(BenchRow("explorer_tail_delay_median_ms", tail.medianDelayMS, "ms", label: "explorer: delay behind a \(grouped(Int64(loadRate))) ev/s load, median"))
        rows.append(BenchRow("explorer_tail_delay_p99_ms", tail.p99DelayMS, "ms", label: "explorer: delay behind a \(grouped(Int64(loadRate))) ev/s load, p99"))
        rows.append(BenchRow("explorer_tail_delay_max_ms", tail.maxDelayMS, "ms", label: "explorer: delay behind a \(grouped(Int64(loadRate))) ev/s load, max"))
        rows.append(BenchRow("explorer_tail_load_per_s", tail.writtenPerSecond, "events/s", label: "explorer: load achieved while tailing"))
        rows.append(BenchRow("explorer_frames_per_s", tail.framesPerSecond, "frames/s", label: "explorer: frames drawn while tailing"))
        rows.append(BenchRow("explorer_key_to_frame_median_ms", tail.keyMedianMS, "ms", label: "explorer: key press to frame while tailing, median"))
        rows.append(BenchRow("explorer_key_to_frame_max_ms", tail.keyMaxMS, "ms", label: "explorer: key press to frame while tailing, max"))
        rows.append(BenchRow("explorer_peak_rss_mib", tail.peakRSSMiB, "MiB", label: "explorer: peak memory while tailing (RSS)"))
        rows.append(BenchRow("explorer_rss_growth_mib", tail.rssGrowthMiB, "MiB", label: "explorer: memory growth while tailing (RSS)"))
        if let lag = tail.readModelLag {
            let names = readModels.map(\.name).joined(separator: ", ")
            rows.append(BenchRow("read_model_lag_median_ms", lag.median, "ms", label: "read models (\(names)): lag behind a \(grouped(Int64(loadRate))) ev/s load, explorer open, median"))
            rows.append(BenchRow("read_model_lag_p99_ms", lag.p99, "ms", label: "read models (\(names)): lag behind a \(grouped(Int64(loadRate))) ev/s load, explorer open, p99"))
            rows.append(BenchRow("read_model_lag_max_ms", lag.max, "ms", label: "read models (\(names)): lag behind a \(grouped(Int64(loadRate))) ev/s load, explorer open, max"))
        }
        return rows
    }

    // MARK: - Filling

    /// Appends small counter-like events over many streams until the store holds `target`.
    static func fill(_ store: any EventStore, to target: Int) async throws {
        let have = Int(try await store.stats().eventCount)
        guard have < target else { return }
        let perStream = 10
        let streams = (target - have + perStream - 1) / perStream
        let run = UUID().uuidString.prefix(6).lowercased()
        let next = Shared(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    while true {
                        let i = next.withLock { n -> Int in defer { n += 1 }; return n }
                        guard i < streams else { return }
                        let stream = StreamID("bench\(i % 97)-\(run)-\(i)")
                        let events = (0..<perStream).map { n in
                            ProposedEvent(type: "bench.filled", data: Data("{\"n\":\(n),\"note\":\"explorer bench fill\"}".utf8))
                        }
                        _ = try await store.append(events, to: stream, expected: .noStream)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs the explorer's runtime on `engine`, drawing into `backend`; `onFrame` is called
    /// after every frame and stops the run by returning false.
    static func runExplorer(
        _ engine: Engine, _ backend: any TerminalBackend,
        _ onFrame: @escaping @Sendable (ExplorerState, ContinuousClock.Instant) -> Bool
    ) async {
        await explorer(engine).run(backend: backend, observer: onFrame)
    }

    /// The explorer's runtime on `engine`, with `readModels` running as they do in the explorer.
    static func explorer(_ engine: Engine, readModels: [any ReadModel] = []) -> ExplorerRunner {
        let config = ExplorerConfig(catalog: engine.catalog, storeName: engine.store.displayName)
        return ExplorerRunner(config: config, engine: engine, readModels: readModels)
    }

    // MARK: - First frame

    /// Milliseconds from starting the explorer to the first frame with the aggregates, the
    /// tail and the counts all loaded.
    static func timeToFirstFrame(_ store: any EventStore) async throws -> Double {
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        let backend = DiscardingBackend(size: Size(width: 160, height: 48))
        let clock = ContinuousClock()
        let start = clock.now
        let done = Shared<ContinuousClock.Instant?>(nil)
        let run = Task {
            await Self.runExplorer(engine, backend) { state, at in
                let full = state.tail.started && !state.tail.buffer.isEmpty && !state.aggregates.rows.isEmpty
                    && state.aggregates.pendingToken == nil && state.stats != nil
                if full { done.withLock { $0 = at } }
                return !full
            }
        }
        let timeout = Task {
            try? await Task.sleep(for: .seconds(60))
            run.cancel()
            backend.finish()
        }
        await run.value
        timeout.cancel()
        guard let at = done.withLock({ $0 }) else { throw BenchFailure("bench: the explorer did not draw a full frame within 60 s") }
        return (at - start).asMilliseconds
    }

    // MARK: - Tailing under load

    struct TailFigures {
        var medianDelayMS = 0.0
        var p99DelayMS = 0.0
        var maxDelayMS = 0.0
        var writtenPerSecond = 0.0
        var framesPerSecond = 0.0
        var peakRSSMiB = 0.0
        var rssGrowthMiB = 0.0
        var keyMedianMS = 0.0
        var keyMaxMS = 0.0
        /// The slowest read model's delay behind each append (ms): median, p99, max.
        var readModelLag: (median: Double, p99: Double, max: Double)?
    }

    /// Runs the explorer while a writer appends `loadRate` events/s; for every append, the time
    /// until a frame showed it.
    ///
    /// With `readModels`, they run inside the explorer as they always do; each append's delay
    /// until the slowest of them had applied it is measured too (their positions sampled every
    /// millisecond), once they have caught up with the store.
    static func tailUnderLoad(_ store: any EventStore, seconds: Int, readModels: [any ReadModel] = []) async throws -> TailFigures {
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        let backend = DiscardingBackend(size: Size(width: 160, height: 48))
        let frames = Shared<[(ContinuousClock.Instant, Int64, Bool)]>([])
        let keys = Shared<[(ContinuousClock.Instant, Bool)]>([])
        let stop = Shared(false)
        let baseline = ResidentMemory.current()
        let peak = Shared(baseline)

        let runtime = Self.explorer(engine, readModels: readModels)
        let explorer = Task {
            await runtime.run(backend: backend) { state, at in
                frames.withLock { $0.append((at, state.tail.head.value, state.zoomed)) }
                return !stop.withLock { $0 }
            }
        }
        let sampler = Task {
            while !Task.isCancelled {
                let now = ResidentMemory.current()
                peak.withLock { $0 = max($0, now) }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        // Let the explorer open (and its read models catch up) before the load starts.
        try await Task.sleep(for: .milliseconds(500))
        let runners = runtime.readModelRunners.runners
        let applied = Shared<[(ContinuousClock.Instant, Int64)]>([])
        var positionSampler: Task<Void, Never>?
        if !runners.isEmpty {
            let head = try await store.stats().headPosition
            for runner in runners where !(await runner.waitUntilCaughtUp(to: head, timeout: .seconds(600))) {
                stop.withLock { $0 = true }
                await explorer.value
                sampler.cancel()
                throw BenchFailure("bench: the read model \(runner.handler.name) did not catch up with \(head.value) events within 600 s (at \(runner.status.position.value))")
            }
            positionSampler = Task {
                var last: Int64 = -1
                while !Task.isCancelled {
                    let slowest = runners.map(\.status.position.value).min() ?? 0
                    if slowest != last {
                        last = slowest
                        let at = ContinuousClock.now
                        applied.withLock { $0.append((at, slowest)) }
                    }
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }
        }
        // A person pressing z (zoom) every 200 ms while the load runs.
        let typist = Task {
            var zoomed = false
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                zoomed.toggle()
                let sent = ContinuousClock.now
                keys.withLock { $0.append((sent, zoomed)) }
                backend.send(.char("z"))
            }
        }
        let commits = try await writeLoad(store, seconds: seconds)
        typist.cancel()
        try await Task.sleep(for: .milliseconds(300))
        positionSampler?.cancel()
        stop.withLock { $0 = true }
        // The loop notices the stop at its next frame (a clock tick comes every 250 ms).
        await explorer.value
        sampler.cancel()

        let drawn = frames.withLock { $0 }
        var delays: [Double] = []
        var frameIndex = 0
        for (position, committed) in commits {
            while frameIndex < drawn.count && (drawn[frameIndex].1 < position || drawn[frameIndex].0 < committed) { frameIndex += 1 }
            guard frameIndex < drawn.count else { delays.append(Double.infinity); continue }
            delays.append((drawn[frameIndex].0 - committed).asMilliseconds)
        }
        delays.sort()
        var figures = TailFigures()
        if !delays.isEmpty {
            figures.medianDelayMS = delays[delays.count / 2]
            figures.p99DelayMS = delays[min(delays.count - 1, delays.count * 99 / 100)]
            figures.maxDelayMS = delays.last!
        }
        var keyDelays: [Double] = []
        for (sent, zoomed) in keys.withLock({ $0 }) {
            guard let shown = drawn.first(where: { $0.0 >= sent && $0.2 == zoomed }) else { continue }
            keyDelays.append((shown.0 - sent).asMilliseconds)
        }
        keyDelays.sort()
        if !keyDelays.isEmpty {
            figures.keyMedianMS = keyDelays[keyDelays.count / 2]
            figures.keyMaxMS = keyDelays.last!
        }
        let loadFrames = drawn.filter { f in commits.first.map { f.0 >= $0.1 } ?? false && commits.last.map { f.0 <= $0.1 } ?? false }
        if let first = commits.first, let last = commits.last, last.1 > first.1 {
            let span = (last.1 - first.1).asSeconds
            figures.writtenPerSecond = Double(last.0 - first.0) / span
            figures.framesPerSecond = Double(loadFrames.count) / span
        }
        if positionSampler != nil {
            let samples = applied.withLock { $0 }
            var lags: [Double] = []
            var i = 0
            for (position, committed) in commits {
                while i < samples.count && samples[i].1 < position { i += 1 }
                guard i < samples.count else { lags.append(Double.infinity); continue }
                lags.append(max(0, (samples[i].0 - committed).asMilliseconds))
            }
            lags.sort()
            if !lags.isEmpty {
                figures.readModelLag = (lags[lags.count / 2], lags[min(lags.count - 1, lags.count * 99 / 100)], lags.last!)
            }
        }
        figures.peakRSSMiB = Double(peak.withLock { $0 }) / 1_048_576
        figures.rssGrowthMiB = Double(max(0, peak.withLock { $0 } - baseline)) / 1_048_576
        return figures
    }

    /// Appends `loadRate` events a second for `seconds`, in 10 ms ticks over 50 streams;
    /// returns each append's last position and when it was acknowledged. The events are counter
    /// increments, so the demo's `counters` read model applies every one of them.
    static func writeLoad(_ store: any EventStore, seconds: Int) async throws -> [(Int64, ContinuousClock.Instant)] {
        let clock = ContinuousClock()
        let commits = Shared<[(Int64, ContinuousClock.Instant)]>([])
        let start = clock.now
        let ticks = seconds * 100
        let perTick = loadRate / 100
        let writers = 10
        let codec = DemoCatalog.make().codec
        let run = UUID().uuidString.prefix(6).lowercased()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    for tick in 0..<ticks {
                        try await Task.sleep(until: start + .milliseconds(tick * 10), clock: clock)
                        let events = try (0..<(perTick / writers)).map { n in
                            try codec.propose(CounterIncremented(count: tick * 10 + n + 1), metadata: EventMetadata())
                        }
                        let stream = StreamID(category: Counter.category, id: "benchload-\(run)-\(w * 5 + tick % 5)")
                        let result = try await store.append(events, to: stream, expected: .any)
                        if let last = result.events.last {
                            let at = clock.now
                            commits.withLock { $0.append((last.position.value, at)) }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return commits.withLock { $0 }.sorted { $0.1 < $1.1 }
    }
}
