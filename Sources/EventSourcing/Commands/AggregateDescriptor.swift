/// Describes one aggregate type for people and tools.
public struct AggregateDescriptor: Sendable {
    public let category: String
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
