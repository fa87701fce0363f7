import Foundation

/// A stored snapshot: an aggregate's state after the event at ``version``, as JSON.
///
/// A snapshot is a cache, never the truth: the engine uses it only when its ``schema`` is the
/// one the running program would write for the aggregate (same state shape, same events, same
/// upcasters, same declared state version) and the stream still holds the event ``eventID``
/// at ``version``. Anything else — a changed `State`, a new upcaster, a store that went
/// back, bytes that do not decode — is reported and ignored, and the stream is folded from
/// its events.
public struct StoredSnapshot: Hashable, Sendable {
    /// The aggregate's stream.
    public var streamID: StreamID
    /// The stream version the state was folded to.
    public var version: StreamVersion
    /// The id of the event at ``version``: a snapshot of another history (a reset store, a
    /// replaced file) is never used.
    public var eventID: UUID
    /// The state schema it was written with (``SnapshotPolicy/schema(of:codec:)``).
    public var schema: String
    /// The state as JSON.
    public var state: Data
    /// When it was written.
    public var takenAt: Date

    /// Creates a snapshot record (the engine makes them; stores and tests may too).
    public init(streamID: StreamID, version: StreamVersion, eventID: UUID, schema: String, state: Data, takenAt: Date = Date()) {
        self.streamID = streamID
        self.version = version
        self.eventID = eventID
        self.schema = schema
        self.state = state
        self.takenAt = takenAt
    }
}

/// The optional part of a store that keeps snapshots: per stream the latest written, and a
/// thinned history of earlier ones (``SnapshotHistory``) for time travel.
///
/// A store that does not conform still works: the engine folds every stream from its events.
/// The contract (checked by `StoreContract.snapshotChecks` in `EventScopeTesting`):
/// - ``writeSnapshot(_:)`` makes this one the stream's latest, whatever the stored ones hold
///   (the engine decides what is worth writing): one at the same version is replaced, those
///   past its version are removed, and the earlier ones are thinned by
///   ``SnapshotHistory/standard`` (at most ``SnapshotHistory/limit`` per stream). It never
///   touches events.
/// - ``snapshot(of:)`` returns the latest exactly as written, or `nil`;
///   ``snapshot(of:atOrBefore:)`` the kept one with the highest version at or before a version;
///   ``snapshotVersions(of:)`` the versions kept.
/// - ``snapshots(after:limit:)`` lists the latest of each stream by stream id, one page at a time.
/// - A snapshot record the store cannot read back as written (a malformed row or key) is
///   returned with what could be read, so that readers report it; it never crashes a reader.
public protocol SnapshotStore: Sendable {
    /// Stores `snapshot` as its stream's latest snapshot (see the contract above).
    func writeSnapshot(_ snapshot: StoredSnapshot) async throws
    /// The stream's latest snapshot, or `nil`.
    func snapshot(of stream: StreamID) async throws -> StoredSnapshot?
    /// The kept snapshot of the stream with the highest version at or before `version`, or `nil`.
    func snapshot(of stream: StreamID, atOrBefore version: StreamVersion) async throws -> StoredSnapshot?
    /// The versions of the stream's kept snapshots, ascending (the latest is the last).
    func snapshotVersions(of stream: StreamID) async throws -> [StreamVersion]
    /// The latest snapshot of each stream in stream-id order, those after `stream` (all when
    /// `nil`), at most `limit`.
    func snapshots(after stream: StreamID?, limit: Int) async throws -> [StoredSnapshot]
    /// Removes every snapshot of the stream, if any.
    func deleteSnapshot(of stream: StreamID) async throws
}

extension SnapshotStore {
    /// Every snapshot, page by page.
    public func allSnapshots(pageSize: Int = 500) async throws -> [StoredSnapshot] {
        var result: [StoredSnapshot] = []
        var after: StreamID?
        while true {
            let page = try await snapshots(after: after, limit: pageSize)
            result += page
            guard page.count == pageSize, let last = page.last else { return result }
            after = last.streamID
        }
    }
}
