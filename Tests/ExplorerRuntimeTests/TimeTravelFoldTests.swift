import EventScope
import EventScopeExplorer
@testable import EventScopeExplorerRuntime
import Foundation
import Testing

/// Time travel in the explorer starts from the store's snapshot or a checkpoint it kept, never
/// from version 1 when something nearer is known — and never shows a state a fold from
/// version 1 would not.
@Suite("Time-travel folds")
struct TimeTravelFoldTests {
    /// Sums amounts and counts applications: a fold started at the wrong version, or an event
    /// applied twice or skipped, shows in the state (the demo's events carry their result, so
    /// they would hide such a mistake).
    enum Tally: Aggregate {
        struct State: Codable, Sendable, Equatable {
            var total = 0
            var applied = 0
        }
        static let category = "tally"
        static let initialState = State()
        static let snapshotPolicy: SnapshotPolicy? = SnapshotPolicy(every: 100)
        static func registerEvents(in codec: inout EventCodec) { codec.register(Added.self) }
        static func apply(_ event: any DomainEvent, to state: State) -> State {
            var s = state
            if let e = event as? Added { s.total += e.amount }
            s.applied += 1
            return s
        }
    }

    struct Added: DomainEvent {
        static let eventType: EventType = "tally.added"
        var amount: Int
    }

    static var catalog: CommandCatalog {
        var c = CommandCatalog()
        c.register(Tally.self, help: "sums")
        return c
    }

    static let stream: StreamID = "tally-1"

    /// A 1,250-event stream written through the engine, which snapshots it every 100 events;
    /// returns once the snapshot is at 1,200 or more.
    static func storeWithSnapshot(history: SnapshotHistory = .standard) async throws -> (InMemoryEventStore, [RecordedEvent]) {
        let store = InMemoryEventStore(snapshotHistory: history)
        let engine = Engine(store: store, catalog: catalog)
        for i in 0..<1_250 {
            _ = try await engine.execute(Tally.self, id: "1", Decision { _ in [Added(amount: i % 7 + 1)] })
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while (try await store.snapshot(of: stream))?.version.value ?? 0 < 1_200, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        engine.shutdown()
        let events = try await store.readStream(stream)
        #expect(events.count == 1_250)
        return (store, events)
    }

    /// The fold from version 1 that every other start must agree with.
    static func truth(_ events: [RecordedEvent], through version: Int64) -> Data {
        catalog.aggregates["tally"]!.fold(events.prefix(Int(version)), codec: catalog.codec).json
    }

    static func check(_ folds: TimeTravelFolds, _ events: [RecordedEvent], _ version: Int64, sourceLocation: SourceLocation = #_sourceLocation) async throws -> FoldOrigin {
        let result = try #require(try await folds.fold(stream, to: StreamVersion(version)), sourceLocation: sourceLocation)
        #expect(result.now.json == truth(events, through: version), "state at v\(version) (\(result.origin.text))", sourceLocation: sourceLocation)
        if let before = result.before {
            #expect(before.json == truth(events, through: version - 1), "state before v\(version) (\(result.origin.text))", sourceLocation: sourceLocation)
        } else {
            #expect(result.origin == .snapshot(at: StreamVersion(version), events: 0), "no state before v\(version), yet \(result.origin.text)", sourceLocation: sourceLocation)
        }
        #expect(result.now.version == StreamVersion(version), sourceLocation: sourceLocation)
        return result.origin
    }

    @Test("the head starts from the snapshot; v1, the middle and back and forth agree with a fold from v1")
    func snapshotAndCheckpointsAgreeWithFoldFromStart() async throws {
        let (store, events) = try await Self.storeWithSnapshot()
        let snapshot = try #require(try await store.snapshot(of: Self.stream))
        let folds = TimeTravelFolds(store: store, catalog: Self.catalog, every: 250)

        let head = try await Self.check(folds, events, 1_250)
        #expect(head == .snapshot(at: snapshot.version, events: Int(1_250 - snapshot.version.value)))
        #expect(head.text.hasPrefix("snapshot at v1,2"), "\(head.text)")  // v1,200 or later
        #expect(try await Self.check(folds, events, 1) == .fromStart(events: 1))
        // Past the snapshot's reach (it is newer): from v1, keeping checkpoints every 250.
        #expect(try await Self.check(folds, events, 600) == .fromStart(events: 600))
        #expect(try await Self.check(folds, events, 610) == .checkpoint(at: 500, events: 110))
        #expect(try await Self.check(folds, events, 501) == .checkpoint(at: 500, events: 1))
        #expect(try await Self.check(folds, events, 500) == .checkpoint(at: 250, events: 250))
        // Every version, in a shuffled order, agrees with the fold from v1.
        var rng = SystemRandomNumberGenerator()
        for v in Array(Int64(1)...1_250).shuffled(using: &rng).prefix(150) + [snapshot.version.value, snapshot.version.value + 1, 1_249] {
            _ = try await Self.check(folds, events, v)
        }
    }

    @Test("a stale, corrupt or foreign snapshot is named and not used; the state is the fold from v1")
    func unusableSnapshotsAreIgnored() async throws {
        let (store, events) = try await Self.storeWithSnapshot()
        let good = try #require(try await store.snapshot(of: Self.stream))
        var stale = good
        stale.schema = "tally/v0/0000000000000000"
        stale.state = Data(#"{"total":-1,"applied":-1}"#.utf8)
        var corrupt = good
        corrupt.state = Data("not json".utf8)
        var foreign = good
        foreign.eventID = UUID()
        foreign.state = Data(#"{"total":-1,"applied":-1}"#.utf8)
        for (bad, words) in [(stale, "stale"), (corrupt, "corrupt"), (foreign, "another event")] {
            // Only this one kept (as in a store written before the history).
            try await store.deleteSnapshot(of: Self.stream)
            try await store.writeSnapshot(bad)
            let folds = TimeTravelFolds(store: store, catalog: Self.catalog)
            let origin = try await Self.check(folds, events, 1_250)
            guard case .fromStart(let applied, let ignored) = origin else {
                Issue.record("expected a fold from v1, got \(origin.text)")
                continue
            }
            #expect(applied == 1_250)
            #expect(ignored?.contains("snapshot at v\(good.version) not used") == true && ignored?.contains(words) == true, "\(ignored ?? "nothing said")")
        }
    }
}

extension TimeTravelFoldTests {
    @Test("after the background index, any version is one checkpoint away, and the same state")
    func indexKeepsCheckpointsFromStart() async throws {
        let (store, events) = try await Self.storeWithSnapshot()
        let folds = TimeTravelFolds(store: store, catalog: Self.catalog, every: 100)
        // The head first, as opening the aggregate does (from the snapshot).
        guard case .snapshot = try await Self.check(folds, events, 1_250) else {
            Issue.record("the head was not folded from the snapshot")
            return
        }
        #expect(try await folds.index(Self.stream, through: 1_250) == 1_200)
        for v: Int64 in [2, 100, 101, 650, 699, 1_150, 1_201] {
            let origin = try await Self.check(folds, events, v)
            switch origin {
            case .checkpoint(let at, let applied), .snapshot(let at, let applied):
                #expect(applied <= 100 && at.value + Int64(applied) == v, "\(origin.text)")
            case .fromStart(let applied, _):
                #expect(applied <= 100, "\(origin.text)")
            }
        }
    }
}

extension TimeTravelFoldTests {
    @Test("a snapshot at the head gives the head's state at once (its change not known) when nothing kept is near")
    func snapshotAtTheHead() async throws {
        let (store, events) = try await Self.storeWithSnapshot()
        var atHead = try #require(try await store.snapshot(of: Self.stream))
        atHead.version = 1_250
        atHead.eventID = events[1_249].eventID
        // The state the fold from v1 gives, as the engine would have written it at the head.
        let truth = try JSONDecoder().decode(Tally.State.self, from: Self.truth(events, through: 1_250))
        atHead.state = try JSONEncoder().encode(truth)
        try await store.writeSnapshot(atHead)
        let far = TimeTravelFolds(store: store, catalog: Self.catalog, every: 100)
        let result = try #require(try await far.fold(Self.stream, to: 1_250))
        #expect(result.origin == .snapshot(at: 1_250, events: 0))
        #expect(result.before == nil)
        #expect(result.now.json == Self.truth(events, through: 1_250))
        // Within reach of a fold (the history's older snapshot, the highest below v1,000, is
        // fewer than `every` versions away): folded from it, with the change.
        let kept = try await store.snapshotVersions(of: Self.stream)
        #expect(kept.count == 2 && kept.last == 1_250 && kept[0] < 1_000, "\(kept)")
        let near = TimeTravelFolds(store: store, catalog: Self.catalog, every: 5_000)
        #expect(try await Self.check(near, events, 1_250) == .snapshot(at: kept[0], events: Int(1_250 - kept[0].value)))
        try await store.deleteSnapshot(of: Self.stream)
        try await store.writeSnapshot(atHead)
        let fresh = TimeTravelFolds(store: store, catalog: Self.catalog, every: 5_000)
        #expect(try await Self.check(fresh, events, 1_250) == .fromStart(events: 1_250), "nothing but the head's: from v1")
    }
}

extension TimeTravelFoldTests {
    @Test("with a snapshot history, every version starts from the newest snapshot before it and agrees with a fold from v1")
    func historyGivesTheNearestSnapshot() async throws {
        // Buckets of 200 versions once thinned: snapshots kept at 100, 300, 500, …, 1,100, 1,200.
        let (store, events) = try await Self.storeWithSnapshot(history: SnapshotHistory(base: 100, limit: 8))
        let kept = try await store.snapshotVersions(of: Self.stream).map(\.value)
        #expect(kept.count >= 6 && kept.count <= 8 && kept.last! >= 1_200, "\(kept)")
        var rng = SystemRandomNumberGenerator()
        for v in Array(Int64(1)...1_250).shuffled(using: &rng).prefix(120) + [1, 101, 1_201, 1_250] {
            // A fresh explorer each time: nothing kept, so the origin is the store's.
            let folds = TimeTravelFolds(store: store, catalog: Self.catalog)
            let origin = try await Self.check(folds, events, v)
            if let nearest = kept.last(where: { $0 < v }) {
                #expect(origin == .snapshot(at: StreamVersion(nearest), events: Int(v - nearest)), "v\(v): \(origin.text)")
            } else {
                #expect(origin == .fromStart(events: Int(v)), "v\(v): \(origin.text)")
            }
        }
    }

    @Test("an unusable newest snapshot is passed over for the one before it")
    func unusableNewestFallsBackToAnOlderOne() async throws {
        let (store, events) = try await Self.storeWithSnapshot(history: SnapshotHistory(base: 100, limit: 8))
        var stale = try #require(try await store.snapshot(of: Self.stream))
        #expect(stale.version >= 1_200)
        stale.schema = "tally/v0/0000000000000000"
        stale.state = Data(#"{"total":-1,"applied":-1}"#.utf8)
        try await store.writeSnapshot(stale)
        let kept = try await store.snapshotVersions(of: Self.stream).map(\.value)
        let older = try #require(kept.dropLast().last)
        let folds = TimeTravelFolds(store: store, catalog: Self.catalog)
        #expect(try await Self.check(folds, events, 1_250) == .snapshot(at: StreamVersion(older), events: Int(1_250 - older)))
    }
}
