import EventScope
import Foundation
import Testing

extension StoreContract {
    /// The ``SnapshotStore`` part of the contract; a store that keeps no snapshots passes them
    /// trivially (the engine then folds every stream from its events).
    static var snapshotChecks: [Check] {
        [
            check("snapshots: the latest per stream, stored as written, listed by stream id, deleted") { store in
                guard let snapshots = store as? any SnapshotStore else { return }
                #expect(try await snapshots.snapshot(of: "snap-a") == nil)
                let taken = Date(timeIntervalSince1970: 1_790_000_000)
                let a3 = StoredSnapshot(streamID: "snap-a", version: 3, eventID: UUID(), schema: "snap/v1/0", state: Data(#"{"n":3}"#.utf8), takenAt: taken)
                let b1 = StoredSnapshot(streamID: "snap-b", version: 1, eventID: UUID(), schema: "snap/v1/0", state: Data(#"{"n":1}"#.utf8), takenAt: taken)
                let a5 = StoredSnapshot(streamID: "snap-a", version: 5, eventID: UUID(), schema: "snap/v2/1", state: Data(#"{"n":"five","é":"✓"}"#.utf8), takenAt: taken)
                try await snapshots.writeSnapshot(a3)
                try await snapshots.writeSnapshot(b1)
                #expect(try await snapshots.snapshot(of: "snap-a") == a3)
                try await snapshots.writeSnapshot(a5)
                #expect(try await snapshots.snapshot(of: "snap-a") == a5, "a later write replaces the stream's snapshot")
                #expect(try await snapshots.snapshot(of: "snap-b") == b1)
                let first = try await snapshots.snapshots(after: nil, limit: 1)
                #expect(first.map(\.streamID) == ["snap-a"])
                let rest = try await snapshots.snapshots(after: "snap-a", limit: 10)
                #expect(rest.map(\.streamID) == ["snap-b"])
                #expect(try await snapshots.allSnapshots(pageSize: 1).map(\.streamID) == ["snap-a", "snap-b"])
                try await snapshots.deleteSnapshot(of: "snap-a")
                #expect(try await snapshots.snapshot(of: "snap-a") == nil)
                #expect(try await snapshots.allSnapshots().map(\.streamID) == ["snap-b"])
            },
            check("snapshots: a thinned history per stream, the newest at or before any version near it") { store in
                guard let snapshots = store as? any SnapshotStore else { return }
                let rule = SnapshotHistory.standard
                let taken = Date(timeIntervalSince1970: 1_790_000_000)
                func snap(_ stream: StreamID, _ v: Int64) -> StoredSnapshot {
                    StoredSnapshot(streamID: stream, version: StreamVersion(v), eventID: UUID(), schema: "snap/v1/0",
                                   state: Data(#"{"v":\#(v)}"#.utf8), takenAt: taken)
                }
                try await snapshots.writeSnapshot(snap("hist-b", 5))
                // As an engine with a policy of every 1,000 events writes them, a little late now and then.
                let step = rule.base
                let last = step * Int64(rule.limit + 88)
                var written: [Int64] = []
                for v in stride(from: step, through: last, by: Int(step)) {
                    let at = v % (7 * step) == 0 ? v + 3 : v
                    written.append(at)
                    try await snapshots.writeSnapshot(snap("hist-a", at))
                }
                let kept = try await snapshots.snapshotVersions(of: "hist-a").map(\.value)
                #expect(kept == rule.kept(written), "the history is the rule's thinning of what was written")
                #expect(kept.count <= rule.limit, "at most \(rule.limit) kept, \(kept.count) are")
                #expect(kept.last == written.last)
                #expect(try await snapshots.snapshot(of: "hist-a")?.version.value == written.last, "the latest is the last written")
                let spacing = rule.spacing(latest: written.last!)
                #expect(spacing > rule.base, "\(written.count) snapshots were thinned")
                #expect(try await snapshots.snapshot(of: "hist-a", atOrBefore: StreamVersion(step - 1)) == nil)
                #expect(try await snapshots.snapshot(of: "hist-a", atOrBefore: StreamVersion(last + 5_000))?.version.value == written.last)
                for target in stride(from: step, through: last, by: 7_919) {
                    let found = try #require(try await snapshots.snapshot(of: "hist-a", atOrBefore: StreamVersion(target)))
                    #expect(found.version.value == kept.last(where: { $0 <= target }), "at or before v\(target)")
                    #expect(found.state == Data(#"{"v":\#(found.version.value)}"#.utf8) && found.takenAt == taken && found.streamID == "hist-a")
                    #expect(target - found.version.value <= spacing + step, "v\(target) is \(target - found.version.value) versions past v\(found.version)")
                }
                #expect(try await snapshots.snapshotVersions(of: "hist-b") == [5], "another stream's history is its own")
                #expect(try await snapshots.snapshots(after: "hist-a", limit: 5).map(\.streamID) == ["hist-b"], "listings show each stream once")
                #expect(try await snapshots.snapshots(after: nil, limit: 5).map(\.version.value) == [written.last!, 5], "with its latest")

                // A write at an earlier version becomes the latest: the snapshots past it go.
                let back = written[written.count / 2] + 1
                try await snapshots.writeSnapshot(snap("hist-a", back))
                #expect(try await snapshots.snapshot(of: "hist-a")?.version.value == back)
                #expect(try await snapshots.snapshotVersions(of: "hist-a").last?.value == back)
                #expect(try await snapshots.snapshot(of: "hist-a", atOrBefore: StreamVersion(last))?.version.value == back)
                try await snapshots.deleteSnapshot(of: "hist-a")
                #expect(try await snapshots.snapshotVersions(of: "hist-a") == [])
                #expect(try await snapshots.snapshot(of: "hist-a", atOrBefore: StreamVersion(last)) == nil)
                #expect(try await snapshots.snapshot(of: "hist-b", atOrBefore: 100) == snap("hist-b", 5).withEventID(try await snapshots.snapshot(of: "hist-b")!.eventID))
            },
            check("snapshots: writing one leaves the events, streams and head alone") { store in
                guard let snapshots = store as? any SnapshotStore else { return }
                let written = try await store.append(events(3), to: "snap-c", expected: .noStream)
                let before = try await store.stats()
                try await snapshots.writeSnapshot(StoredSnapshot(
                    streamID: "snap-c", version: 3, eventID: written.events[2].eventID, schema: "snap/v1/0", state: Data("{}".utf8)))
                #expect(try await store.stats() == before)
                #expect(try await store.readStream("snap-c") == written.events)
                #expect(try await store.streamInfo("snap-c")?.version == 3)
            },
            check("snapshots: a cold load from one equals the fold of the stream; stale, corrupt or foreign ones are ignored") { store in
                guard let snapshots = store as? any SnapshotStore else { return }
                let catalog = CommandCatalog.torture()
                let writer = Engine(store: store, catalog: catalog)
                for _ in 0..<7 { _ = try await writer.execute(TortureCounter.self, id: "snap", TortureCounter.add(2)) }
                let stream = TortureCounter.stream("snap")
                // Written in the background, every 3 events: at 3, then at 6 — or at 7 when the
                // write at 3 was still in flight at version 6 (one write at a time per stream).
                let deadline = ContinuousClock.now + .seconds(10)
                while try await (snapshots.snapshot(of: stream)?.version ?? 0) < 6, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                writer.shutdown()
                let stored = try #require(try await snapshots.snapshot(of: stream))
                #expect(stored.version == 6 || stored.version == 7, "snapshot at \(stored.version)")
                #expect(stored.schema == SnapshotPolicy.schema(of: TortureCounter.self, codec: catalog.codec))

                func coldLoad(snapshots use: Bool = true) async throws -> (TortureCounter.State, StreamVersion, EngineMetrics) {
                    var options = EngineOptions()
                    options.snapshots = use
                    let engine = Engine(store: store, catalog: catalog, options: options)
                    defer { engine.shutdown() }
                    let (state, version) = try await engine.state(of: TortureCounter.self, id: "snap")
                    return (state, version, engine.metrics)
                }
                let (folded, foldedVersion, _) = try await coldLoad(snapshots: false)
                #expect(folded.total == 14 && foldedVersion == 7)
                let (fromSnapshot, version, metrics) = try await coldLoad()
                #expect(fromSnapshot == folded && version == foldedVersion)
                #expect(metrics.snapshotLoads == 1)

                // A lying state under every kind of invalid snapshot: none may be used.
                let lie = Data(#"{"total":999}"#.utf8)
                let other = UUID()
                for bad in [
                    StoredSnapshot(streamID: stream, version: 6, eventID: stored.eventID, schema: stored.schema + "-old", state: lie),
                    StoredSnapshot(streamID: stream, version: 6, eventID: stored.eventID, schema: stored.schema, state: Data("{]".utf8)),
                    StoredSnapshot(streamID: stream, version: 6, eventID: other, schema: stored.schema, state: lie),
                    StoredSnapshot(streamID: stream, version: 60, eventID: stored.eventID, schema: stored.schema, state: lie),
                ] {
                    try await snapshots.writeSnapshot(bad)
                    let (state, version, metrics) = try await coldLoad()
                    #expect(state == folded && version == foldedVersion, "\(bad) was used")
                    #expect(metrics.snapshotLoads == 0 && metrics.snapshotsIgnored == 1)
                    // The load folded the events and writes a good snapshot in the background:
                    // let it land before the next bad one is written.
                    let until = ContinuousClock.now + .seconds(10)
                    while try await snapshots.snapshot(of: stream)?.version != 7, ContinuousClock.now < until {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
            },
        ]
    }
}

extension StoredSnapshot {
    /// The same snapshot with another event id (the fixtures make fresh ids).
    func withEventID(_ id: UUID) -> StoredSnapshot {
        var copy = self
        copy.eventID = id
        return copy
    }
}
