import Foundation
import Synchronization

/// Runs a ``TrafficPlan``: concurrent clients sending the plan's commands to its streams
/// through one or more engines, each client waiting for its answer before sending the next, as
/// a person or a request handler would. The load behind the explorer's `D`, `eventscope demo`
/// and the bench.
///
/// It keeps the id of every event it was acknowledged, by stream, so that ``LossCheck`` can
/// look each one up in the store afterwards.
///
/// ```swift
/// let load = try LoadGenerator(engine: engine, plan: plan, limit: .commands(1_000))
/// let baseline = try await load.prepare()
/// let report = await load.run()
/// let check = try await LossCheck.run(store: engine.store, acknowledged: report.acknowledged, after: baseline)
/// ```
public final class LoadGenerator: Sendable {
    /// When the load stops.
    public enum Limit: Sendable {
        /// After this many commands in total.
        case commands(Int)
        /// After this long.
        case duration(Duration)
        /// When ``stop()`` is called (or the task is cancelled).
        case untilStopped
    }

    /// The plan being run.
    public let plan: TrafficPlan
    /// The streams the clients share.
    public let streams: [StreamID]
    /// How many clients send at once.
    public let clients: Int
    /// When the load stops.
    public let limit: Limit
    private let engines: [Engine]
    private let metadata: EventMetadata
    private let pauseAfterFailure: Duration?
    private let onAck: (@Sendable (RecordedEvent) -> Void)?
    /// How fast commands are sent (all clients together); change it while the load runs.
    public let pace: CommandPace
    /// `setup[s][c]` and `commands[s][c]`: command `c` checked against the catalog for stream `s`.
    private let setup: [[ValidatedCommand]]
    private let commands: [[ValidatedCommand]]
    private let claimed = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let acknowledgedCount = Atomic<Int>(0)
    private let failedCount = Atomic<Int>(0)

    /// Prepares a load; nothing is sent yet.
    /// - Parameters:
    ///   - engines: the engines clients take in turn (client `i` uses engine `i % count`); two
    ///     engines on one store play two processes, so conflicts happen and are retried.
    ///   - plan: what to send; its commands must be in the engines' catalog.
    ///   - streams: the streams to share (the plan's default streams when `nil`).
    ///   - clients: concurrent clients (the plan's default when `nil`).
    ///   - limit: when to stop.
    ///   - metadata: attached to every command (e.g. the run's correlation id).
    ///   - pauseAfterFailure: how long a client waits after a failed command before the next
    ///     (so that a store outage is not hammered); `nil` sends at once.
    ///   - onAck: called with every acknowledged event, as soon as it is acknowledged.
    ///   - pace: how fast to send (full speed by default).
    /// - Throws: ``CommandError`` when the plan names a command or field the catalog does not have.
    public init(
        engines: [Engine], plan: TrafficPlan, streams: [StreamID]? = nil, clients: Int? = nil, limit: Limit = .untilStopped,
        metadata: EventMetadata = EventMetadata(), pauseAfterFailure: Duration? = nil, onAck: (@Sendable (RecordedEvent) -> Void)? = nil,
        pace: CommandPace = CommandPace()
    ) throws {
        precondition(!engines.isEmpty, "a load needs at least one engine")
        let streams = streams ?? plan.streams()
        precondition(!streams.isEmpty, "a load needs at least one stream")
        let catalog = engines[0].catalog
        func check(_ command: TrafficCommand, _ stream: StreamID) throws -> ValidatedCommand {
            try catalog.validate(command: command.name, stream: stream.rawValue, fields: command.fields)
        }
        self.setup = try streams.map { s in try plan.setup.map { try check($0, s) } }
        self.commands = try streams.map { s in try plan.commands.map { try check($0, s) } }
        self.engines = engines
        self.plan = plan
        self.streams = streams
        self.clients = max(1, clients ?? plan.clients)
        self.limit = limit
        self.metadata = metadata
        self.pauseAfterFailure = pauseAfterFailure
        self.onAck = onAck
        self.pace = pace
    }

    /// Prepares a load through one engine.
    public convenience init(
        engine: Engine, plan: TrafficPlan, streams: [StreamID]? = nil, clients: Int? = nil, limit: Limit = .untilStopped,
        metadata: EventMetadata = EventMetadata(), pauseAfterFailure: Duration? = nil, onAck: (@Sendable (RecordedEvent) -> Void)? = nil,
        pace: CommandPace = CommandPace()
    ) throws {
        try self.init(engines: [engine], plan: plan, streams: streams, clients: clients, limit: limit, metadata: metadata, pauseAfterFailure: pauseAfterFailure, onAck: onAck, pace: pace)
    }

    /// Commands acknowledged so far (while the load runs).
    public var acknowledgedSoFar: Int { acknowledgedCount.load(ordering: .relaxed) }
    /// Commands that failed so far, refusals included.
    public var failedSoFar: Int { failedCount.load(ordering: .relaxed) }

    /// Sends the plan's setup commands to every stream (a refusal means it is set up already),
    /// then reads each stream's version: the baseline ``LossCheck`` reads from.
    /// - Throws: the first error other than a refusal.
    public func prepare() async throws -> [StreamID: StreamVersion] {
        let engine = engines[0]
        let metadata = self.metadata
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, commands) in setup.enumerated() {
                group.addTask {
                    for command in commands {
                        do {
                            _ = try await command.descriptor.run(engine, command.streamID.id, command.values, metadata)
                        } catch CommandError.refused {
                            // Set up already.
                        }
                    }
                }
                if i % 64 == 63 { try await group.waitForAll() }
            }
            try await group.waitForAll()
        }
        var baseline: [StreamID: StreamVersion] = [:]
        for stream in streams { baseline[stream] = try await engine.store.currentVersion(of: stream) }
        return baseline
    }

    /// Runs the clients until the limit (or ``stop()``) and reports what they did.
    public func run() async -> LoadReport {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline: ContinuousClock.Instant? = if case .duration(let d) = limit { start + d } else { nil }
        let total: Int? = if case .commands(let n) = limit { n } else { nil }
        let partials = await withTaskGroup(of: LoadReport.self) { group in
            for client in 0..<clients {
                group.addTask { await self.client(client, total: total, deadline: deadline) }
            }
            return await group.reduce(into: [LoadReport]()) { $0.append($1) }
        }
        // The commands' time, not the bookkeeping's after them.
        let seconds = (clock.now - start) / .seconds(1)
        var report = LoadReport()
        for p in partials { report.merge(p) }
        report.seconds = seconds
        return report
    }

    /// Asks the clients to stop after the command each is waiting for.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    private func client(_ index: Int, total: Int?, deadline: ContinuousClock.Instant?) async -> LoadReport {
        let engine = engines[index % engines.count]
        let clock = ContinuousClock()
        var report = LoadReport()
        var i = index
        var sent = 0
        // By stream index, made a dictionary once at the end (not a hash of the stream's name
        // per command).
        var acknowledged = [[UUID]](repeating: [], count: streams.count)
        while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
            if let total, claimed.add(1, ordering: .relaxed).newValue > total { break }
            if let deadline, clock.now >= deadline { break }
            guard await pace.waitForTurn(stopped: { stopping.load(ordering: .relaxed) }) else { break }
            let s = i % streams.count
            i += clients
            let command = commands[s][sent % commands[s].count]
            sent += 1
            report.commands += 1
            do {
                let result = try await command.descriptor.run(engine, command.streamID.id, command.values, metadata)
                report.ok += 1
                acknowledgedCount.add(1, ordering: .relaxed)
                for event in result.events { acknowledged[s].append(event.eventID) }
                if let onAck { result.events.forEach(onAck) }
            } catch {
                report.recordFailure(error)
                failedCount.add(1, ordering: .relaxed)
                if let pauseAfterFailure { try? await Task.sleep(for: pauseAfterFailure) }
            }
        }
        for (s, ids) in acknowledged.enumerated() where !ids.isEmpty { report.acknowledged[streams[s], default: []] += ids }
        return report
    }
}
