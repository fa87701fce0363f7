import Foundation

/// Tuning of an ``Engine``.
public struct EngineOptions: Sendable {
    /// The most aggregate instances kept in memory; the least recently used is evicted.
    public var maxResident: Int
    /// Instances unused for this long are evicted; `nil` keeps them until the LRU bound.
    public var idleTimeout: Duration?
    /// How many times a command is decided again after another writer changed its stream.
    public var maxConflictRetries: Int
    /// The most queued commands of one aggregate decided and appended together.
    public var maxBatch: Int

    public init(maxResident: Int = 10_000, idleTimeout: Duration? = .seconds(300), maxConflictRetries: Int = 10, maxBatch: Int = 256) {
        self.maxResident = maxResident
        self.idleTimeout = idleTimeout
        self.maxConflictRetries = maxConflictRetries
        self.maxBatch = maxBatch
    }
}

/// A command addressed to one aggregate, for typed callers:
/// `try await engine.send(Increment(counterID: "1"))`.
public protocol Command: Sendable {
    associatedtype Target: Aggregate
    /// The id of the aggregate (the stream is `Target.category-aggregateID`).
    var aggregateID: String { get }
    /// What the command decides given the aggregate's state.
    var decision: Decision<Target> { get }
}

/// The engine: routes commands to the one instance of their aggregate in this process,
/// which decides them against its in-memory state and appends their events.
///
/// A command on a resident aggregate costs O(1) whatever the length of its stream, and
/// concurrent commands on one aggregate queue instead of failing on an optimistic lock.
public final class Engine: Sendable {
    public let store: any EventStore
    public let catalog: CommandCatalog
    public let options: EngineOptions
    private let counters = EngineCounters()
    private let registry: AggregateRegistry

    public init(store: any EventStore, catalog: CommandCatalog, options: EngineOptions = EngineOptions()) {
        self.store = store
        self.catalog = catalog
        self.options = options
        self.registry = AggregateRegistry(maxResident: options.maxResident, idleTimeout: options.idleTimeout, counters: counters)
    }

    /// The codec of the catalog's events.
    public var codec: EventCodec { catalog.codec }

    /// The engine's counters now.
    public var metrics: EngineMetrics { counters.snapshot(resident: registry.residentCount) }

    /// Runs `decision` on aggregate `id` of type `A` and appends the events it returns.
    /// - Throws: ``CommandError`` (``CommandError/refused(_:)`` for a domain rule,
    ///   ``CommandError/conflict(stream:attempts:)``, ``CommandError/store(_:)``). A command
    ///   that throws appends nothing and leaves the aggregate's state unchanged.
    public func execute<A: Aggregate>(_ type: A.Type, id: String, metadata: EventMetadata = EventMetadata(), _ decision: Decision<A>) async throws -> CommandResult {
        try await instance(type, id: id).execute(decision, metadata: metadata)
    }

    /// Sends a typed command.
    public func send<C: Command>(_ command: C, metadata: EventMetadata = EventMetadata()) async throws -> CommandResult {
        try await execute(C.Target.self, id: command.aggregateID, metadata: metadata, command.decision)
    }

    /// The aggregate's state and version as its live instance holds them (loading it if needed).
    public func state<A: Aggregate>(of type: A.Type, id: String) async throws -> (state: A.State, version: StreamVersion) {
        try await instance(type, id: id).snapshot()
    }

    /// Runs a command described by the catalog, from text fields (the CLI and the explorer).
    public func send(command name: String, stream: String, fields: [String: String], metadata: EventMetadata = EventMetadata()) async throws -> CommandResult {
        let validated = try catalog.validate(command: name, stream: stream, fields: fields)
        return try await validated.descriptor.run(self, validated.streamID.id, validated.values, metadata)
    }

    /// Evicts instances idle longer than the idle timeout now (the sweeper does it periodically).
    public func evictIdle() { registry.evictIdle() }

    /// Drops every resident instance and stops background work.
    public func shutdown() { registry.removeAll() }

    private func instance<A: Aggregate>(_ type: A.Type, id: String) -> AggregateInstance<A> {
        let stream = A.stream(id)
        return registry.instance(for: stream) {
            AggregateInstance<A>(
                stream: stream, store: store, codec: catalog.codec, counters: counters,
                maxConflictRetries: options.maxConflictRetries, maxBatch: options.maxBatch)
        }
    }
}
