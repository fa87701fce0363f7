import Foundation

/// The whole contract between the engine and a storage backend.
///
/// Every backend passes the one contract suite in `EventSourcingTesting`. The rules:
/// - ``append(_:to:expected:)`` is atomic: all of its events are stored, or none.
///   Versions within a stream are 1-based and contiguous; positions in `$all` are 1-based,
///   gap-free and in commit order.
/// - A stream not in the ``ExpectedVersion`` state throws
///   ``EventStoreError/wrongExpectedVersion(stream:expected:actual:)`` and writes nothing.
/// - Re-appending events whose ids the stream already holds (a retry after a lost reply)
///   returns the stored events and writes nothing, whatever `expected` says.
/// - Reads are paged: `limit` bounds how many events come back; `from` is inclusive.
/// - ``subscribeAll(from:)`` replays from a position, then continues live, with no gap and
///   no duplicate at the switch, and sees events committed by other processes too.
public protocol EventStore: Sendable {
    /// What the store is, for people: a path, or a URL without its password.
    var displayName: String { get }

    /// Appends events to a stream atomically.
    /// - Throws: ``EventStoreError/wrongExpectedVersion(stream:expected:actual:)`` when the
    ///   stream is not in the expected state; ``EventStoreError/duplicateEventID(stream:eventID:)``
    ///   when only some ids are already stored; ``EventStoreError/unavailable(_:)`` when the
    ///   store cannot be reached.
    func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult

    /// Appends as ``append(_:to:expected:)`` does, taking part in turn-taking between writers
    /// that contend for one stream (see ``WriterTurn``).
    ///
    /// A store that supports turns refuses, with ``EventStoreError/streamBusy(stream:retryAfter:)``
    /// and writing nothing, an append by any writer but the one holding the stream's turn;
    /// `turn.claim` takes the turn when nobody holds it (for a short while, or until that
    /// writer's next successful append). The default ignores `turn`.
    func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion, turn: WriterTurn) async throws -> AppendResult

    /// Reads a stream forwards from `version` (inclusive; `1` is the first event).
    func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent]

    /// Reads a stream backwards from `version` (inclusive; `nil` is the newest event), newest first.
    func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent]

    /// Reads `$all` forwards from `position` (inclusive; `1` is the first event).
    func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent]

    /// Reads `$all` backwards from `position` (inclusive; `nil` is the newest event), newest first.
    func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent]

    /// Lists streams matching `query`, one page at a time: the page after `cursor`.
    func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo]

    /// The listing row of one stream, or `nil` if it has no events.
    func streamInfo(_ stream: StreamID) async throws -> StreamInfo?

    /// Counts and the head position.
    func stats() async throws -> StoreStats

    /// Returns once the store's head is past `position`, or after `timeout`, whichever is
    /// first; also returns early when the task is cancelled. Events committed by other
    /// processes must wake it too (within about 100 ms). Must not busy-spin.
    func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws

    /// Events of `$all` from `position` (inclusive): the stored ones, then live ones.
    /// The default implementation pages with ``readAll(from:limit:)`` and waits with
    /// ``waitForEvents(after:timeout:)``, so a slow consumer never grows memory.
    func subscribeAll(from position: GlobalPosition) -> EventSubscription

    /// Releases connections and background work. The default does nothing.
    func close() async
}

extension EventStore {
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion, turn: WriterTurn) async throws -> AppendResult {
        try await append(events, to: stream, expected: expected)
    }

    public func subscribeAll(from position: GlobalPosition) -> EventSubscription {
        EventSubscription(store: self, from: position)
    }

    public func close() async {}

    /// Reads a whole stream (or its events from `version` on), page by page.
    public func readStream(_ stream: StreamID, from version: StreamVersion = 1, pageSize: Int = 1_000) async throws -> [RecordedEvent] {
        var result: [RecordedEvent] = []
        var next = version
        while true {
            let page = try await read(stream, from: next, limit: pageSize)
            result.append(contentsOf: page)
            guard page.count == pageSize, let last = page.last else { return result }
            next = last.version.next
        }
    }

    /// The stream's current version (`.none` if it has no events).
    public func currentVersion(of stream: StreamID) async throws -> StreamVersion {
        try await streamInfo(stream)?.version ?? .none
    }
}
