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

/// The optional part of a store that keeps snapshots (one per stream, the latest written).
///
/// A store that does not conform still works: the engine folds every stream from its events.
/// The contract (checked by `StoreContract.snapshotChecks` in `EventScopeTesting`):
/// - ``writeSnapshot(_:)`` replaces the stream's snapshot with this one, whatever the stored one
///   holds (the engine decides what is worth writing); it never touches events.
/// - ``snapshot(of:)`` returns the stored bytes exactly as written, or `nil`.
/// - ``snapshots(after:limit:)`` lists them by stream id, one page at a time.
/// - A snapshot record the store cannot read back as written (a malformed row or key) is
///   returned with what could be read, so that readers report it; it never crashes a reader.
public protocol SnapshotStore: Sendable {
    /// Stores `snapshot` as its stream's snapshot, replacing any other.
    func writeSnapshot(_ snapshot: StoredSnapshot) async throws
    /// The stream's snapshot, or `nil`.
    func snapshot(of stream: StreamID) async throws -> StoredSnapshot?
    /// Snapshots in stream-id order, those after `stream` (all when `nil`), at most `limit`.
    func snapshots(after stream: StreamID?, limit: Int) async throws -> [StoredSnapshot]
    /// Removes the stream's snapshot, if any.
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
