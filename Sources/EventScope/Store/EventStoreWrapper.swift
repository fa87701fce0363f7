import Foundation

/// An ``EventStore`` that hands every call to another store, except the ones it implements
/// itself: the way to add a behaviour around a store (waiting out outages, counting calls,
/// injecting faults in tests) without writing out the whole protocol again.
///
/// ```swift
/// struct CountingStore: EventStoreWrapper {
///     let base: any EventStore
///     let reads = Atomic<Int>(0)
///     func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
///         reads.add(1, ordering: .relaxed)
///         return try await base.readAll(from: position, limit: limit)
///     }
/// }
/// ```
public protocol EventStoreWrapper: EventStore {
    /// The store the calls go to.
    var base: any EventStore { get }
}

extension EventStoreWrapper {
    public var displayName: String { base.displayName }

    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        try await base.append(events, to: stream, expected: expected)
    }

    /// Goes through this wrapper's own ``EventStore/append(_:to:expected:)`` (so a wrapper
    /// that changes appends sees the engine's appends too), without turn-taking; a wrapper
    /// that keeps the base's turn-taking forwards this method as well.
    public func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion, turn: WriterTurn) async throws -> AppendResult {
        try await append(events, to: stream, expected: expected)
    }

    public func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        try await base.read(stream, from: version, limit: limit)
    }

    public func readBackward(_ stream: StreamID, from version: StreamVersion?, limit: Int) async throws -> [RecordedEvent] {
        try await base.readBackward(stream, from: version, limit: limit)
    }

    public func readAll(from position: GlobalPosition, limit: Int) async throws -> [RecordedEvent] {
        try await base.readAll(from: position, limit: limit)
    }

    public func readAllBackward(from position: GlobalPosition?, limit: Int) async throws -> [RecordedEvent] {
        try await base.readAllBackward(from: position, limit: limit)
    }

    public func streams(after cursor: StreamCursor?, limit: Int, query: StreamQuery) async throws -> [StreamInfo] {
        try await base.streams(after: cursor, limit: limit, query: query)
    }

    public func streamInfo(_ stream: StreamID) async throws -> StreamInfo? { try await base.streamInfo(stream) }

    public func stats() async throws -> StoreStats { try await base.stats() }

    public func waitForEvents(after position: GlobalPosition, timeout: Duration) async throws {
        try await base.waitForEvents(after: position, timeout: timeout)
    }
}
