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

    /// The state after `events` (a stream's events in order, from version 1).
    public func fold(_ events: some Sequence<RecordedEvent>, codec: EventCodec) -> FoldedState {
        var folder = makeFolder()
        folder.apply(events, codec: codec)
        return folder.folded
    }

    /// A folder at the initial state, to apply a stream's events to one step at a time.
    public func folder() -> StateFolder { makeFolder() }
}
