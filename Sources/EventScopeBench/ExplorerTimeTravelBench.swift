import EventScopeDemo
import EventScope
import EventScopeExplorer
import EventScopeExplorerRuntime
import Foundation
import EventScopeTerminalUI

/// Time travel in the explorer on one long aggregate, measured headless through the real
/// runner and keys: opening it (its head), going to v1, to the middle, to 3/4 and back to the
/// head before the background index reached them (each starts from the store's snapshot
/// history), and to another version once the index is done.
enum ExplorerTimeTravelBench {
    /// Versions of the long aggregate (fewer with `quick`).
    static func versions(quick: Bool) -> Int64 { quick ? 100_000 : 1_000_000 }

    static func run(store: any EventStore, quick: Bool) async throws -> [BenchRow] {
        let head = versions(quick: quick)
        let stream = try await longCounter(store, versions: head)
        let f = try await travel(store, stream: stream, head: head)
        let n = grouped(head)
        return [
            BenchRow("explorer_travel_open_ms", f.open, "ms", label: "explorer: open a \(n)-version aggregate, state at its head (\(f.openOrigin))"),
            BenchRow("explorer_travel_v1_ms", f.first, "ms", label: "explorer: time travel to v1 of it (\(f.firstOrigin))"),
            BenchRow("explorer_travel_middle_ms", f.middle, "ms", label: "explorer: time travel to its middle, before the background index got there (\(f.middleOrigin))"),
            BenchRow("explorer_travel_late_ms", f.late, "ms", label: "explorer: time travel to 3/4 of it, before the background index got there (\(f.lateOrigin))"),
            BenchRow("explorer_travel_head_ms", f.back, "ms", label: "explorer: time travel back to its head, before the background index got there (\(f.backOrigin))"),
            BenchRow("explorer_travel_index_ms", f.index, "ms", label: "explorer: background index of its \(n) versions, from opening"),
            BenchRow("explorer_travel_indexed_ms", f.indexed, "ms", label: "explorer: time travel to a version near 3/4 once indexed (\(f.indexedOrigin))"),
        ]
    }

    /// A counter of `versions` events appended straight to the store (created, then
    /// incremented), with a snapshot every 1,000 versions and one 500 versions before its head,
    /// as the engine writes them with the counter's policy (when the store keeps snapshots:
    /// it thins them into its history).
    static func longCounter(_ store: any EventStore, versions: Int64) async throws -> StreamID {
        let stream = StreamID("counter-travel-\(UUID().uuidString.prefix(6).lowercased())")
        var version: Int64 = 0
        while version < versions {
            let count = min(5_000, versions - version)
            let events = (0..<count).map { i -> ProposedEvent in
                let v = version + i + 1
                return v == 1
                    ? ProposedEvent(type: CounterCreated.eventType, data: Data("{}".utf8))
                    : ProposedEvent(type: CounterIncremented.eventType, data: Data("{\"count\":\(v - 1)}".utf8))
            }
            let written = try await store.append(events, to: stream, expected: version == 0 ? .noStream : .exact(StreamVersion(version)))
            version += count
            for e in written.events where e.version.value % 1_000 == 0 && e.version.value < versions - 500 {
                try await snapshot(store, e)
            }
        }
        try await snapshot(store, try await store.read(stream, from: StreamVersion(versions - 500), limit: 1)[0])
        return stream
    }

    /// The counter's snapshot at `event`, as the engine would write it.
    private static func snapshot(_ store: any EventStore, _ event: RecordedEvent) async throws {
        guard let snapshots = store as? any SnapshotStore else { return }
        let schema = SnapshotPolicy.schema(of: Counter.self, codec: DemoCatalog.make().codec)
        let state = try JSONEncoder().encode(Counter.State(count: Int(event.version.value - 1)))
        try await snapshots.writeSnapshot(StoredSnapshot(streamID: event.streamID, version: event.version, eventID: event.eventID, schema: schema, state: state))
    }

    struct Figures {
        var open = 0.0, first = 0.0, middle = 0.0, late = 0.0, back = 0.0, index = 0.0, indexed = 0.0
        var openOrigin = "", firstOrigin = "", middleOrigin = "", lateOrigin = "", backOrigin = "", indexedOrigin = ""
    }

    /// Opens `stream` with Enter (it is the newest, at the top of the list) and travels with
    /// `#` to v1, the middle, 3/4 and the head, then (once indexed) near 3/4, timing each from
    /// the key to the frame with its state.
    static func travel(_ store: any EventStore, stream: StreamID, head: Int64) async throws -> Figures {
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        let backend = DiscardingBackend(size: Size(width: 160, height: 48))
        let clock = ContinuousClock()
        enum Step { case waitList, open, first, middle, late, back, index, indexed, done }
        let progress = Shared<(step: Step, sent: ContinuousClock.Instant, figures: Figures)>((.waitList, clock.now, Figures()))
        let middle = StreamVersion(head / 2), late = StreamVersion(head * 3 / 4), nearLate = StreamVersion(head * 3 / 4 - 2_345)
        @Sendable func go(to version: StreamVersion) {
            backend.send(.char("#"))
            for c in "\(version.value)" { backend.send(.char(c)) }
            backend.send(.enter)
        }
        let run = Task {
            await ExplorerBench.runExplorer(engine, backend) { state, at in
                let view = state.inspector.aggregate
                let shown = view?.folded.flatMap { f in view?.selectedEvent?.version == f.version ? f : nil }
                return progress.withLock { p in
                    func shows(_ v: StreamVersion) -> Bool { shown?.version == v && view?.windowLoading == false }
                    let ms = (at - p.sent).asMilliseconds
                    switch p.step {
                    case .waitList:
                        guard state.aggregates.rows.first?.streamID == stream, state.aggregates.pendingToken == nil else { return true }
                        p.step = .open
                        p.sent = clock.now
                        backend.send(.enter)
                    case .open:
                        guard shows(StreamVersion(head)) else { return true }
                        p.figures.open = ms
                        p.figures.openOrigin = shown?.origin?.text ?? "?"
                        p.step = .first
                        p.sent = clock.now
                        go(to: 1)
                    case .first:
                        guard shows(1) else { return true }
                        p.figures.first = ms
                        p.figures.firstOrigin = shown?.origin?.text ?? "?"
                        p.step = .middle
                        p.sent = clock.now
                        go(to: middle)
                    case .middle:
                        guard shows(middle) else { return true }
                        p.figures.middle = ms
                        p.figures.middleOrigin = shown?.origin?.text ?? "?"
                        p.step = .late
                        p.sent = clock.now
                        go(to: late)
                    case .late:
                        guard shows(late) else { return true }
                        p.figures.late = ms
                        p.figures.lateOrigin = shown?.origin?.text ?? "?"
                        p.step = .back
                        p.sent = clock.now
                        go(to: StreamVersion(head))
                    case .back:
                        guard shows(StreamVersion(head)) else { return true }
                        p.figures.back = ms
                        p.figures.backOrigin = shown?.origin?.text ?? "?"
                        p.step = .index
                    case .index:
                        // The index posts its progress; done when it reached the head.
                        guard view?.indexedThrough.map({ $0.value >= head }) == true else { return true }
                        p.figures.index = (at - p.sent).asMilliseconds + p.figures.open + p.figures.first + p.figures.middle + p.figures.late + p.figures.back
                        p.step = .indexed
                        p.sent = clock.now
                        go(to: nearLate)
                    case .indexed:
                        guard shows(nearLate) else { return true }
                        p.figures.indexed = ms
                        p.figures.indexedOrigin = shown?.origin?.text ?? "?"
                        p.step = .done
                        return false
                    case .done:
                        return false
                    }
                    return true
                }
            }
        }
        let timeout = Task {
            try? await Task.sleep(for: .seconds(180))
            run.cancel()
            backend.finish()
        }
        await run.value
        timeout.cancel()
        let p = progress.withLock { $0 }
        guard p.step == .done else { throw BenchFailure("bench: time travel did not finish within 180 s (stuck at \(p.step))") }
        return p.figures
    }

    private static func grouped(_ n: Int64) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.groupingSeparator = ","
        return f.string(from: NSNumber(value: n)) ?? "\(n)"
    }
}
