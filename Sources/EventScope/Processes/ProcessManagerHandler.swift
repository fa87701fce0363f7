import Foundation

/// Runs a ``ProcessManager`` as a handler: for each event past its checkpoint it lets the
/// process manager react (send its commands), then records the event in its journal — a read
/// model that keeps the checkpoint, the lease, the skips and rows people can look at (what
/// the process manager is doing). Give it to a ``HandlerRunner`` (or ``ReadModelRunners``)
/// like any read model: the explorer's projections view and `eventscope handlers` show it.
///
/// Exactly once: the commands are sent before the checkpoint moves, so a crash in between
/// makes the next run react to the event again — with the same command ids
/// (``ProcessCommands``), which the engine applies at most once. Two processes running it
/// with one journal share its lease (one keeps it); with two journals both react, and the
/// command ids still make each step happen once.
public struct ProcessManagerHandler: ReadModel {
    /// The process manager.
    public let process: any ProcessManager
    /// Keeps the checkpoint, lease and skips, and shows what the process did.
    public let journal: any ReadModel
    /// Where its commands run.
    public let engine: Engine
    /// Waits this long after reacting to an event and before recording it (tests: a window in
    /// which to kill the process between a command and the checkpoint).
    public let pauseBeforeCheckpoint: Duration?

    /// A handler for `process`, its checkpoint kept by `journal` (whose name should be the
    /// process manager's).
    public init(_ process: any ProcessManager, journal: any ReadModel, engine: Engine, pauseBeforeCheckpoint: Duration? = nil) {
        self.process = process
        self.journal = journal
        self.engine = engine
        self.pauseBeforeCheckpoint = pauseBeforeCheckpoint
    }

    public var name: String { process.name }
    public var summary: String { journal.summary }
    public var columns: [String] { journal.columns }
    public func rows(limit: Int) async throws -> [ReadModelRow] { try await journal.rows(limit: limit) }
    public func rows(of stream: StreamID) async throws -> [ReadModelRow] { try await journal.rows(of: stream) }
    public func checkpoint() async throws -> GlobalPosition { try await journal.checkpoint() }
    public func reset() async throws { try await journal.reset() }
    public func skip(_ event: RecordedEvent, reason: String) async throws { try await journal.skip(event, reason: reason) }
    public func skipped() async throws -> [SkippedEvent] { try await journal.skipped() }
    public func renew(_ lease: HandlerLease, staleAfter: Duration) async throws -> HandlerLease { try await journal.renew(lease, staleAfter: staleAfter) }
    public func recordedLease() async throws -> HandlerLease? { try await journal.recordedLease() }
    public func release(_ keeper: HandlerKeeper) async { await journal.release(keeper) }

    /// Reacts to each event past the checkpoint, then records it. Events it does not react to
    /// are recorded together (one journal transaction for a run of them); the checkpoint never
    /// passes an event whose reaction has not finished.
    public func handle(_ events: [RecordedEvent]) async throws {
        let checkpoint = try await journal.checkpoint()
        var quiet: [RecordedEvent] = []
        for event in events where event.position > checkpoint {
            guard process.reactsTo.contains(event.type) else {
                quiet.append(event)
                continue
            }
            if !quiet.isEmpty {
                try await journal.handle(quiet)
                quiet = []
            }
            do {
                try await process.react(to: event, commands: ProcessCommands(engine: engine, process: process.name, cause: event))
            } catch let error as CommandError {
                throw Self.handlerError(error)
            }
            if let pauseBeforeCheckpoint { try await Task.sleep(for: pauseBeforeCheckpoint) }
            try await journal.handle([event])
        }
        if !quiet.isEmpty { try await journal.handle(quiet) }
    }

    /// A command that failed for want of a store (down, in doubt, conflicting, reset) is an
    /// outage the runner retries — resending the same command id; any other (a refusal the
    /// process manager did not handle, unreadable history) stops it at the event.
    static func handlerError(_ error: CommandError) -> any Error {
        switch error {
        case .store, .inDoubt, .conflict, .storeReset: return EventStoreError.unavailable(error.description)
        default: return error
        }
    }
}
