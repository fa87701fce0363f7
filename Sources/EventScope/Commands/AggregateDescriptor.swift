/// Describes one aggregate type for people and tools.
///
/// Tools that do not know the aggregate's Swift type (the explorer, `eventscope`) fold its
/// stream into JSON through it.
public struct AggregateDescriptor: Sendable {
    /// The category of the aggregate's streams, e.g. `counter`.
    public let category: String
    /// One line for people: what the aggregate is.
    public let help: String
    let makeFolder: @Sendable () -> StateFolder
    /// When the engine snapshots the aggregate (`nil`: never).
    public internal(set) var snapshotPolicy: SnapshotPolicy?
    var snapshotCheck: @Sendable (StoredSnapshot, EventCodec) -> SnapshotCheck = { _, _ in .stale("no aggregate type checks it") }
    var snapshotFolder: @Sendable (StoredSnapshot, EventCodec) -> Result<StateFolder, SnapshotProblem> = { _, _ in .failure(.stale("no aggregate type reads it")) }

    /// Whether a stored snapshot of this aggregate can be used by this program (its schema
    /// and its state's bytes; whether the stream still holds its event is the store's to say).
    public func checkSnapshot(_ snapshot: StoredSnapshot, codec: EventCodec) -> SnapshotCheck {
        snapshotCheck(snapshot, codec)
    }

    /// The state after `events` (a stream's events in order, from version 1).
    public func fold(_ events: some Sequence<RecordedEvent>, codec: EventCodec) -> FoldedState {
        var folder = makeFolder()
        folder.apply(events, codec: codec)
        return folder.folded
    }

    /// A folder at the initial state, to apply a stream's events to one step at a time.
    public func folder() -> StateFolder { makeFolder() }
}
