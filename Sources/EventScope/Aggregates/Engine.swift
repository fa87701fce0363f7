import Foundation
import Logging

/// Tuning of an ``Engine``.
public struct EngineOptions: Sendable {
    /// The most aggregate instances kept in memory; the least recently used is evicted.
    public var maxResident: Int
    /// Instances unused for this long are evicted; `nil` keeps them until the LRU bound.
    public var idleTimeout: Duration?
    /// How many times a command is decided again after another writer changed its stream
    /// (each time after a short random wait that grows with the attempts). Conflicts only
    /// come from other processes: within one engine, commands on an aggregate queue.
    public var maxConflictRetries: Int
    /// The most queued commands of one aggregate decided and appended together.
    public var maxBatch: Int
    /// Where the engine logs what is worth a line: conflicts retried and evictions at
    /// `debug`, conflicts given up at `warning`. Nothing is logged per command.
    public var logger: Logger
    /// Dimensions added to every swift-metrics metric of this engine (e.g. `[("engine", "orders")]`
    /// to tell engines of one process apart). The labels are listed in ``EngineMetrics``.
    public var metricsDimensions: [(String, String)]
    /// Whether aggregates whose type declares a ``SnapshotPolicy`` load from and write
    /// snapshots (when the store is a ``SnapshotStore``). Turning it off changes no outcome,
    /// only how long a cold load takes.
    public var snapshots: Bool = true

    /// Creates options; the defaults suit one process with a few thousand busy aggregates.
    /// - Parameters:
    ///   - maxResident: the most instances in memory (at least 1); exceeded for a while
    ///     rather than evicting an instance a command is using.
    ///   - idleTimeout: how long an unused instance stays resident; `nil` for no timeout.
    ///   - maxConflictRetries: how many times a conflicting command is decided again before
    ///     it fails with ``CommandError/conflict(stream:attempts:)``.
    ///   - maxBatch: the most queued commands of one aggregate appended together.
    ///   - logger: where the engine logs (label `eventscope.engine` by default).
    ///   - metricsDimensions: added to every metric the engine reports through swift-metrics.
    public init(
        maxResident: Int = 10_000, idleTimeout: Duration? = .seconds(300), maxConflictRetries: Int = 64, maxBatch: Int = 256,
        logger: Logger = Logger(label: "eventscope.engine"), metricsDimensions: [(String, String)] = []
    ) {
        self.logger = logger
        self.metricsDimensions = metricsDimensions
        self.maxResident = maxResident
        self.idleTimeout = idleTimeout
        self.maxConflictRetries = maxConflictRetries
        self.maxBatch = maxBatch
    }
}

/// A command addressed to one aggregate, for typed callers:
/// `try await engine.send(Increment(counterID: "1"))`.
public protocol Command: Sendable {
    /// The aggregate type the command runs on.
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
///
/// What it guarantees:
/// - **One live instance per aggregate in this process**, leased for the whole of each
///   command, so commands of one process never conflict with each other.
/// - **Every outcome is decided against committed state**, and a command that throws wrote
///   nothing — except ``CommandError/inDoubt(stream:message:)``, which says the store may
///   have stored it (resend it with the same ``EventMetadata/commandID``).
/// - **Other processes on the same store are met with the expected version**: on a
///   conflict the instance reads what it missed and decides again.
/// - **A store that went backwards is noticed**: the command fails once with
///   ``CommandError/storeReset(stream:message:)`` and the aggregate reloads.
///
/// ```swift
/// let engine = Engine(store: InMemoryEventStore(), catalog: catalog)
/// let result = try await engine.execute(Counter.self, id: "1", Counter.increment)
/// ```
public final class Engine: Sendable {
    /// The store every command appends to and every aggregate loads from.
    public let store: any EventStore
    /// The application's aggregates, events and commands; its codec reads and writes events.
    public let catalog: CommandCatalog
    /// The residency bounds, retries and batching the engine was created with.
    public let options: EngineOptions
    private let counters: EngineCounters
    /// This engine's id among the writers of a store (turn-taking on contended streams).
    private let writerID = UUID.randomV4()
    private let registry: AggregateRegistry

    /// Creates an engine. Nothing is loaded until the first command on an aggregate.
    /// - Parameters:
    ///   - store: where events are stored; several engines (in this or other processes)
    ///     may share it.
    ///   - catalog: every aggregate type the engine runs commands on must be registered in it,
    ///     so that their events decode.
    ///   - options: residency bounds, retries and batching.
    public init(store: any EventStore, catalog: CommandCatalog, options: EngineOptions = EngineOptions()) {
        self.store = store
        self.catalog = catalog
        self.options = options
        self.counters = EngineCounters(logger: options.logger, dimensions: options.metricsDimensions)
        self.registry = AggregateRegistry(maxResident: options.maxResident, idleTimeout: options.idleTimeout, counters: counters)
    }

    /// The codec of the catalog's events.
    public var codec: EventCodec { catalog.codec }

    /// The engine's counters now.
    public var metrics: EngineMetrics { counters.snapshot(resident: registry.residentCount) }

    /// Runs `decision` on aggregate `id` of type `A` and appends the events it returns.
    ///
    /// The command waits its turn in the aggregate's mailbox (the stream is loaded first if
    /// the aggregate is not resident), is decided against the committed state, and returns
    /// once its events are stored.
    ///
    /// To make a retry safe, give the command an id (``EventMetadata/commandID``) and reuse
    /// it when sending the command again: its event ids derive from it, so it is applied at
    /// most once, and a command found in the aggregate's history is answered with the events
    /// it stored the first time.
    /// - Throws: ``CommandError``: ``CommandError/refused(_:)`` for a domain rule,
    ///   ``CommandError/conflict(stream:attempts:)`` when other processes kept winning,
    ///   ``CommandError/store(_:)`` when the store failed, ``CommandError/storeReset(stream:message:)``
    ///   when the store went backwards, ``CommandError/unreadableHistory(stream:version:type:reason:)``
    ///   when the aggregate's history cannot be decoded — in all of these nothing was written.
    ///   ``CommandError/inDoubt(stream:message:)`` when the store may or may not have stored
    ///   the events: resend with the same command id.
    /// - Parameters:
    ///   - type: the aggregate type; its category names the stream.
    ///   - id: the aggregate's id: the stream is `category-id`.
    ///   - metadata: recorded with each event (correlation, causation, command id).
    ///   - decision: what the command decides given the aggregate's state.
    /// - Returns: the events appended (as recorded) and the stream's new version.
    public func execute<A: Aggregate>(_ type: A.Type, id: String, metadata: EventMetadata = EventMetadata(), _ decision: Decision<A>) async throws -> CommandResult {
        try await withInstance(type, id: id) { try await $0.execute(decision, metadata: metadata) }
    }

    /// Sends a typed command to the aggregate it addresses.
    ///
    /// The same as ``execute(_:id:metadata:_:)`` with the command's target, id and decision.
    /// - Throws: ``CommandError``, as ``execute(_:id:metadata:_:)`` does.
    public func send<C: Command>(_ command: C, metadata: EventMetadata = EventMetadata()) async throws -> CommandResult {
        try await execute(C.Target.self, id: command.aggregateID, metadata: metadata, command.decision)
    }

    /// The aggregate's state and version as its live instance holds them (loading it if needed).
    ///
    /// The state is the committed one: a command running at the same time shows only once
    /// its events are stored.
    /// - Throws: ``CommandError/unreadableHistory(stream:version:type:reason:)`` when the
    ///   history cannot be decoded; the store's ``EventStoreError`` when loading fails.
    public func state<A: Aggregate>(of type: A.Type, id: String) async throws -> (state: A.State, version: StreamVersion) {
        try await withInstance(type, id: id) { try await $0.snapshot() }
    }

    /// Runs a command described by the catalog, from text fields (the CLI and the explorer).
    ///
    /// The fields are validated first (``CommandCatalog/validate(command:stream:fields:)``),
    /// so a typo never reaches the aggregate.
    /// - Parameters:
    ///   - name: the command's name in the catalog, e.g. `"deposit"`.
    ///   - stream: the target stream, `category-id`.
    ///   - fields: the field values as text, by field name.
    ///   - metadata: recorded with each event.
    /// - Throws: ``CommandError/invalidStream(_:)``, ``CommandError/unknownCategory(_:available:)``,
    ///   ``CommandError/unknownCommand(name:category:available:)`` or
    ///   ``CommandError/invalidField(field:reason:)`` before anything runs; then any error of
    ///   ``execute(_:id:metadata:_:)``. An error thrown by the catalog's decision builder is
    ///   passed on as it is.
    public func send(command name: String, stream: String, fields: [String: String], metadata: EventMetadata = EventMetadata()) async throws -> CommandResult {
        try await send(try catalog.validate(command: name, stream: stream, fields: fields), metadata: metadata)
    }

    /// Runs a command the catalog has already validated (``CommandCatalog/validate(command:stream:fields:)``),
    /// without checking it again: text is parsed and validated once, where it is typed.
    /// - Throws: ``CommandError``, as ``execute(_:id:metadata:_:)``.
    public func send(_ command: ValidatedCommand, metadata: EventMetadata = EventMetadata()) async throws -> CommandResult {
        try await command.descriptor.run(self, command.streamID.id, command.values, metadata)
    }

    /// Evicts instances idle longer than the idle timeout now (the sweeper does it periodically).
    public func evictIdle() { registry.evictIdle() }

    /// Drops every resident instance and stops background work.
    public func shutdown() { registry.removeAll() }

    /// Waits until no command is running or queued (or the timeout passes), for a graceful
    /// shutdown: stop sending commands, drain, then ``shutdown()``.
    /// - Returns: whether every command finished in time.
    public func drain(timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while registry.leasedCount > 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Runs `body` on the live instance of the aggregate, which is leased for the duration
    /// (a leased instance is never evicted, so there is only ever one per stream).
    private func withInstance<A: Aggregate, R: Sendable>(_ type: A.Type, id: String, _ body: (AggregateInstance<A>) async throws -> R) async throws -> R {
        let stream = A.stream(id)
        let instance = registry.lease(stream) {
            AggregateInstance<A>(
                stream: stream, writerID: writerID, store: store, codec: catalog.codec, counters: counters,
                maxConflictRetries: options.maxConflictRetries, maxBatch: options.maxBatch, useSnapshots: options.snapshots)
        }
        defer { registry.release(stream, instance) }
        return try await body(instance)
    }
}
