import EventSourcing
import Explorer
import TerminalUI

/// What the bench runs but does not own, handed in by its caller: the demo's counter clients
/// and the explorer's runtime. Both live in the `eventscope` executable today; once they are
/// libraries the bench can call them directly and this goes.
public struct BenchParts: Sendable {
    /// Creates the counters with these ids that do not exist yet.
    public var createCounters: @Sendable (_ engine: Engine, _ ids: [String]) async throws -> Void
    /// `clients` concurrent clients, each waiting for its answer before the next, increment the
    /// counters `ids` through `engine` for `duration`.
    public var incrementCounters: @Sendable (_ engine: Engine, _ clients: Int, _ ids: [String], _ duration: Duration) async -> LoadFigures
    /// Runs the explorer on `engine`, drawing into `backend`, and calls `onFrame` after every
    /// frame with the state drawn and when; stops when `onFrame` returns false or the
    /// backend's keys end.
    public var runExplorer: @Sendable (
        _ engine: Engine, _ backend: any TerminalBackend,
        _ onFrame: @escaping @Sendable (ExplorerState, ContinuousClock.Instant) -> Bool
    ) async -> Void

    public init(
        createCounters: @escaping @Sendable (Engine, [String]) async throws -> Void,
        incrementCounters: @escaping @Sendable (Engine, Int, [String], Duration) async -> LoadFigures,
        runExplorer: @escaping @Sendable (Engine, any TerminalBackend, @escaping @Sendable (ExplorerState, ContinuousClock.Instant) -> Bool) async -> Void
    ) {
        self.createCounters = createCounters
        self.incrementCounters = incrementCounters
        self.runExplorer = runExplorer
    }
}

/// What a run of counter clients did.
public struct LoadFigures: Sendable {
    public var commands: Int
    public var ok: Int
    public var errors: Int
    public var seconds: Double
    /// The first error seen, for people.
    public var firstError: String?

    public init(commands: Int, ok: Int, errors: Int, seconds: Double, firstError: String?) {
        self.commands = commands
        self.ok = ok
        self.errors = errors
        self.seconds = seconds
        self.firstError = firstError
    }

    /// Acknowledged commands per second.
    public var perSecond: Double { seconds > 0 ? Double(ok) / seconds : 0 }
}
