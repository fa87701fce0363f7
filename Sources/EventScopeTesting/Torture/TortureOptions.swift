import EventScope

/// How a torture run is shaped. Everything random in it is drawn from ``seed``.
public struct TortureOptions: Sendable {
    /// Decides the command plan, the fault plan and the engines' options.
    public var seed: UInt64
    /// Engines on the one store, standing for processes (each is a foreign writer to the others).
    public var engines: Int
    /// Concurrent callers per engine; each sends its planned commands one after another.
    public var clientsPerEngine: Int
    /// Bounded counters and accounts the commands share (few, so that they contend).
    public var counters: Int
    public var accounts: Int
    /// When to stop sending commands.
    public var budget: Budget
    /// How often each kind of fault strikes.
    public var faults: FaultRates
    /// The share of commands whose caller cancels them shortly after sending.
    public var cancelRate: Double
    /// The share of steps that only check a rule and decide no events (a command made only of
    /// such steps appends nothing, and may share a batch with commands that do).
    public var checkSteps: Double
    /// Whether one account's history holds an undecodable event, and the share of commands sent to it.
    public var poison: Double
    /// The engines' options; `nil` draws tiny caps and timeouts from the seed.
    public var engineOptions: EngineOptions?

    public enum Budget: Sendable, Hashable {
        /// Each client sends this many commands.
        case commandsPerClient(Int)
        /// Clients keep sending until this much time has passed.
        case duration(Duration)
    }

    public init(
        seed: UInt64, engines: Int = 3, clientsPerEngine: Int = 4, counters: Int = 2, accounts: Int = 2,
        budget: Budget = .duration(.seconds(2)), faults: FaultRates = FaultRates(), cancelRate: Double = 0.03,
        checkSteps: Double = 0.15, poison: Double = 0.02, engineOptions: EngineOptions? = nil
    ) {
        self.seed = seed
        self.engines = engines
        self.clientsPerEngine = clientsPerEngine
        self.counters = counters
        self.accounts = accounts
        self.budget = budget
        self.faults = faults
        self.cancelRate = cancelRate
        self.checkSteps = checkSteps
        self.poison = poison
        self.engineOptions = engineOptions
    }

    /// The engine options of this run: the given ones, or tiny ones drawn from the seed
    /// (a resident cap of 1–3 over 4+ aggregates, an idle timeout of 5–100 ms, 1–4 conflict
    /// retries, batches of 1–16).
    public var resolvedEngineOptions: EngineOptions {
        if let engineOptions { return engineOptions }
        var g = SeededGenerator(seed: seed).derive(0xE0)
        return EngineOptions(
            maxResident: g.int(in: 1...3),
            idleTimeout: .milliseconds(g.int(in: 5...100)),
            maxConflictRetries: g.int(in: 1...4),
            maxBatch: g.int(in: 1...16))
    }
}

/// The probability of each fault on one store call.
public struct FaultRates: Sendable, Hashable {
    /// A delay of up to ``maxLatency`` before the call.
    public var latency: Double
    public var maxLatency: Duration
    /// An append fails with `unavailable` before anything is written.
    public var unavailable: Double
    /// An append commits, then its reply is lost: `inDoubt`.
    public var lostReply: Double
    /// A read fails with `unavailable`.
    public var readFailure: Double

    public init(latency: Double = 0.2, maxLatency: Duration = .milliseconds(3), unavailable: Double = 0.03, lostReply: Double = 0.03, readFailure: Double = 0.02) {
        self.latency = latency
        self.maxLatency = maxLatency
        self.unavailable = unavailable
        self.lostReply = lostReply
        self.readFailure = readFailure
    }

    /// No faults at all (the baseline: a correct engine must then show no failure but refusals).
    public static let none = FaultRates(latency: 0, unavailable: 0, lostReply: 0, readFailure: 0)
}
