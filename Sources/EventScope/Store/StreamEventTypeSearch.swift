/// The optional part of a store that lists streams by the types of all their events, not only
/// their newest event's: the explorer's aggregate filter uses it when the store offers it, and
/// says it looks at the newest event's type only when it does not.
///
/// A store without it still works: ``EventStore/streams(after:limit:query:)`` matches the
/// stream id and the newest event's type.
public protocol StreamEventTypeSearch: Sendable {
    /// The streams ``EventStore/streams(after:limit:query:)`` would list for `query`, in its
    /// order and after `cursor`, except that ``StreamQuery/contains`` matches a stream whose id,
    /// or the type of any of its events, contains the text (case-insensitive).
    func streamsWithAnyEventType(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo]
}
