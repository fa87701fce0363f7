import EventScope
import EventScopeExplorer
import Foundation
import Synchronization

/// Folds for the explorer's time travel: the state of a stream after any version, never folded
/// from version 1 when something nearer is known.
///
/// A fold starts from the nearest of:
/// - a checkpoint this explorer kept: a folder copy every ``every`` versions of the stream
///   being inspected, made while folding (a stream's events never change, so they stay valid;
///   ``forget(_:beyond:)`` drops them after a store reset);
/// - the store's newest snapshot of the stream at or before the version
///   (``SnapshotStore/snapshot(of:atOrBefore:)``: stores keep a thinned history, so one is
///   usually within a few thousand versions), when its schema is this program's, its state
///   decodes and the stream still holds its event at its version; a snapshot that cannot be
///   used is named in the origin ("snapshot at v900 not used: stale …") and the fold goes on
///   from an older one or what else is known;
/// - version 1.
///
/// The state is the same whichever start is taken (`TimeTravelFoldTests` folds every way and
/// compares with a fold from version 1).
final class TimeTravelFolds: Sendable {
    /// A folder at a version, and whether it came from the store's snapshot.
    struct Checkpoint: Sendable {
        var folder: StateFolder
        var snapshot: Bool
    }

    /// Versions between kept checkpoints.
    let every: Int64
    private let store: any EventStore
    private let catalog: CommandCatalog
    private let kept = Mutex<(stream: StreamID?, checkpoints: [Int64: Checkpoint])>((nil, [:]))

    init(store: any EventStore, catalog: CommandCatalog, every: Int64 = 5_000) {
        self.store = store
        self.catalog = catalog
        self.every = every
    }

    /// The state after `version` of `stream`, the state before it, and where the fold started.
    /// `nil` when the catalog does not know the category. The state before is `nil` when the
    /// store's snapshot is at `version` itself and nothing kept is within ``every`` versions
    /// of it: the state is the snapshot's, and the change the event made is not known.
    func fold(_ stream: StreamID, to version: StreamVersion) async throws -> (now: FoldedState, before: FoldedState?, origin: FoldOrigin)? {
        guard let descriptor = catalog.aggregates[stream.category] else { return nil }
        let codec = catalog.codec
        let target = version.value
        var (start, key) = kept.withLock { k -> (Checkpoint, Int64) in
            if k.stream != stream { k = (stream, [0: Checkpoint(folder: descriptor.folder(), snapshot: false)]) }
            let key = k.checkpoints.keys.filter { $0 <= target - 1 }.max() ?? 0
            return (k.checkpoints[key]!, key)
        }
        // The store's newest usable snapshot before the target, when it is nearer than anything
        // kept (an unusable one is passed over for the one before it, a few times at most).
        // One at the target itself (a stream whose store kept only its latest snapshot, at its
        // head) is taken only when nothing else is within ``every``: it gives the state but not
        // the change the target's event made.
        var ignored: String?
        if key < target - 1, let snapshots = store as? any SnapshotStore {
            var bound = target - 1
            var found: Checkpoint?
            for _ in 0..<3 where found == nil && bound > key {
                guard let stored = try? await snapshots.snapshot(of: stream, atOrBefore: StreamVersion(bound)),
                      stored.version.value > key else { break }
                switch try await usable(stored, descriptor) {
                case .success(let folder): found = Checkpoint(folder: folder, snapshot: true)
                case .failure(let unusable): ignored = ignored ?? unusable.reason
                }
                bound = stored.version.value - 1
            }
            let from = found?.folder.version.value ?? key
            if target - from > every,
               let stored = try? await snapshots.snapshot(of: stream, atOrBefore: version), stored.version == version {
                switch try await usable(stored, descriptor) {
                case .success(let folder): found = Checkpoint(folder: folder, snapshot: true)
                case .failure(let unusable): ignored = ignored ?? unusable.reason
                }
            }
            if let found {
                start = found
                key = found.folder.version.value
                keep([key: start], of: stream)
            }
        }
        var folder = start.folder
        var before: FoldedState? = key == target ? nil : folder.folded
        var found: [Int64: Checkpoint] = [:]
        var next = StreamVersion(key + 1)
        while next.value <= target {
            try Task.checkCancellation()
            let page = try await store.read(stream, from: next, limit: Int(min(2_000, target - next.value + 1)))
            guard let last = page.last else { break }
            for e in page {
                if e.version.value == target { before = folder.folded }
                folder.apply(CollectionOfOne(e), codec: codec)
                if e.version.value % every == 0 { found[e.version.value] = Checkpoint(folder: folder, snapshot: false) }
            }
            // Kept as they are passed: the background index skips what a long fold covers.
            if !found.isEmpty {
                keep(found, of: stream)
                found = [:]
            }
            next = last.version.next
        }
        let applied = Int(folder.version.value - key)
        let origin: FoldOrigin
        if key == 0 {
            origin = .fromStart(events: applied, ignoredSnapshot: ignored)
        } else if start.snapshot {
            origin = .snapshot(at: StreamVersion(key), events: applied)
        } else {
            origin = .checkpoint(at: StreamVersion(key), events: applied)
        }
        return (folder.folded, before, origin)
    }

    /// Why a stored snapshot cannot start a fold, for the origin.
    struct Unusable: Error {
        var reason: String
    }

    /// A folder from `stored`, or why it cannot be used: its schema and bytes against the
    /// catalog, and the event at its version against the stream.
    private func usable(_ stored: StoredSnapshot, _ descriptor: AggregateDescriptor) async throws -> Result<StateFolder, Unusable> {
        let at = "snapshot at v\(stored.version) not used"
        switch descriptor.folder(from: stored, codec: catalog.codec) {
        case .success(let folder):
            let held = try await store.read(stored.streamID, from: stored.version, limit: 1).first
            guard held?.eventID == stored.eventID else {
                return .failure(Unusable(reason: "\(at): the stream holds another event at v\(stored.version) (written for another history)"))
            }
            return .success(folder)
        case .failure(let check):
            return .failure(Unusable(reason: "\(at): \(check.kind), \(check.reason ?? "")"))
        }
    }

    /// Folds `stream` from version 1 up to `head` in the background, keeping a checkpoint every
    /// ``every`` versions, so that travelling to any version later applies fewer than ``every``
    /// events (for streams whose store has no snapshot history: one written before the history,
    /// or with no snapshot policy). Segments already kept
    /// are skipped; it stops when cancelled or when another stream is inspected. Returns the
    /// last version indexed.
    @discardableResult
    func index(_ stream: StreamID, through head: StreamVersion, progress: @Sendable (StreamVersion) -> Void = { _ in }) async throws -> StreamVersion {
        guard let descriptor = catalog.aggregates[stream.category] else { return .none }
        let codec = catalog.codec
        kept.withLock { k in
            if k.stream != stream { k = (stream, [0: Checkpoint(folder: descriptor.folder(), snapshot: false)]) }
        }
        var at: Int64 = 0
        while at + every <= head.value {
            try Task.checkCancellation()
            let (current, next) = kept.withLock { k in
                k.stream == stream ? (k.checkpoints[at], k.checkpoints[at + every]) : (nil, nil)
            }
            guard let current else { break }
            if next == nil {
                var folder = current.folder
                var from = StreamVersion(at + 1)
                while from.value <= at + every {
                    try Task.checkCancellation()
                    let page = try await store.read(stream, from: from, limit: Int(min(2_000, at + every - from.value + 1)))
                    guard let last = page.last else { return StreamVersion(at) }
                    folder.apply(page, codec: codec)
                    from = last.version.next
                }
                keep([at + every: Checkpoint(folder: folder, snapshot: false)], of: stream)
            }
            at += every
            progress(StreamVersion(at))
        }
        return StreamVersion(at)
    }

    /// Drops what was kept of `stream` when some of it is past `head` (the store went back).
    func forget(_ stream: StreamID, beyond head: StreamVersion) {
        kept.withLock { k in
            if k.stream == stream, (k.checkpoints.keys.max() ?? 0) > head.value { k = (nil, [:]) }
        }
    }

    private func keep(_ checkpoints: [Int64: Checkpoint], of stream: StreamID) {
        kept.withLock { k in
            guard k.stream == stream else { return }
            k.checkpoints.merge(checkpoints) { old, _ in old }
        }
    }
}
