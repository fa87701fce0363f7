import EventScope
import EventScopeTesting
import Foundation
import Testing

/// Snapshots: a cache that never changes an outcome.
@Suite("Engine: snapshots")
struct SnapshotTests {
    /// A torture run on a store that keeps snapshots, then every aggregate folded both ways
    /// (the `coldLoadsAreFolds` check), with evictions so that reloads during the run start
    /// from snapshots too; and every snapshot kept in the thinned history (narrow buckets here,
    /// so that the short torture streams keep several) compared with the fold at its version
    /// (the `keptSnapshotsAreFolds` check).
    @Test(arguments: [(UInt64(11), 1), (12, 3)])
    func tortureFoldsBothWays(seed: UInt64, engines: Int) async throws {
        let store = InMemoryEventStore(snapshotHistory: SnapshotHistory(base: 4, limit: 6))
        let options = TortureOptions(
            seed: seed, engines: engines, clientsPerEngine: 4, budget: .commandsPerClient(120), cancelRate: 0,
            engineOptions: EngineOptions(maxResident: 2, idleTimeout: nil))
        let report = try await TortureSimulation(options: options).run(on: store)
        #expect(report.violations.isEmpty, "\(report.text.joined(separator: "\n"))")
        #expect(report.evidence.metrics.map(\.snapshotsWritten).reduce(0, +) > 0)
        #expect(report.evidence.coldLoadMetrics.snapshotLoads > 0, "no cold load started from a snapshot")
        #expect(report.evidence.metrics.map(\.snapshotLoads).reduce(0, +) > 0, "no reload during the run started from a snapshot")
        let kept = report.evidence.keptSnapshots.values.map(\.count)
        #expect(kept.contains { $0 > 1 }, "no stream kept a history of snapshots: \(kept)")
        #expect(kept.allSatisfy { $0 <= 6 }, "more snapshots kept than the history's limit: \(kept)")
    }

    /// The schema changes with the state's shape, the declared state version, the aggregate's
    /// events and the codec's upcasters.
    @Test func schemaTracksWhatTheStateMeans() {
        let codec = CommandCatalog.torture().codec
        let base = SnapshotPolicy.schema(of: TortureCounter.self, codec: codec)
        #expect(base == SnapshotPolicy.schema(of: TortureCounter.self, codec: codec), "stable")
        #expect(base.hasPrefix("tcounter/v1/"))
        var upcast = codec
        upcast.registerUpcaster(from: "torture.counter.added.v0", to: "torture.counter.added", transform: { (data: Data) in data })
        #expect(SnapshotPolicy.schema(of: TortureCounter.self, codec: upcast) != base, "a new upcaster invalidates")
        #expect(SnapshotPolicy.schema(of: ReshapedCounter.self, codec: codec) != base, "another State shape invalidates")
        #expect(SnapshotPolicy.schema(of: RevisedCounter.self, codec: codec) != base, "another state version invalidates")
    }

    /// A command resent after a snapshot was taken is still recognised: the window of recent
    /// ids is read from the stream, not from the snapshot.
    @Test func resentCommandAfterSnapshotLoad() async throws {
        let store = InMemoryEventStore()
        let catalog = CommandCatalog.torture()
        let first = Engine(store: store, catalog: catalog)
        let command = EventMetadata(commandID: UUID())
        let original = try await first.execute(TortureCounter.self, id: "w", metadata: command, TortureCounter.add(1))
        for _ in 0..<8 { _ = try await first.execute(TortureCounter.self, id: "w", TortureCounter.add(1)) }
        let stream = TortureCounter.stream("w")
        let deadline = ContinuousClock.now + .seconds(10)
        while try await store.snapshot(of: stream)?.version != 9, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        first.shutdown()
        let second = Engine(store: store, catalog: catalog)
        defer { second.shutdown() }
        let again = try await second.execute(TortureCounter.self, id: "w", metadata: command, TortureCounter.add(1))
        #expect(again.events.map(\.eventID) == original.events.map(\.eventID))
        #expect(second.metrics.snapshotLoads == 1)
        let (state, version) = try await second.state(of: TortureCounter.self, id: "w")
        #expect(state.total == 9 && version == 9, "applied once")
    }
}

/// TortureCounter with another State shape (a field more).
enum ReshapedCounter: Aggregate {
    struct State: Codable, Sendable, Equatable {
        var total = 0
        var resets = 0
    }
    static let category = "tcounter"
    static let initialState = State()
    static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 3)
    static func registerEvents(in codec: inout EventCodec) { TortureCounter.registerEvents(in: &codec) }
    static func apply(_ event: any DomainEvent, to state: State) -> State { state }
}

/// TortureCounter's State, with a new meaning declared.
enum RevisedCounter: Aggregate {
    typealias State = TortureCounter.State
    static let category = "tcounter"
    static let initialState = State()
    static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 3, stateVersion: 2)
    static func registerEvents(in codec: inout EventCodec) { TortureCounter.registerEvents(in: &codec) }
    static func apply(_ event: any DomainEvent, to state: State) -> State { state }
}
