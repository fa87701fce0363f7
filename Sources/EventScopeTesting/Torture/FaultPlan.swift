import Foundation

/// What the faulty store does to one call.
public enum Fault: Hashable, Sendable {
    case none
    /// Wait this long, then make the call.
    case latency(Duration)
    /// Throw `unavailable` without calling the store.
    case unavailable
    /// Make the call (it commits), then throw `inDoubt` instead of answering.
    case lostReply

    /// The fault's kind, for counts in the report.
    public var kind: FaultKind? {
        switch self {
        case .none: return nil
        case .latency: return .latency
        case .unavailable: return .unavailable
        case .lostReply: return .lostReply
        }
    }
}

/// Kinds of injected faults, as counted in the report.
public enum FaultKind: String, CaseIterable, Sendable, Codable {
    case latency
    case unavailable
    case lostReply = "lost_reply"
    case readFailure = "read_failure"
}

/// Which store calls fail and how, fixed by the seed: the fault of an engine's `k`-th append
/// (or read) is a pure function of (seed, engine, call kind, k), so the same seed injects the
/// same sequence of faults whatever the timing of the run.
public struct FaultPlan: Sendable {
    public let seed: UInt64
    public let rates: FaultRates

    public init(seed: UInt64, rates: FaultRates) {
        self.seed = seed
        self.rates = rates
    }

    /// The fault for engine `engine`'s `call`-th append (0-based).
    public func append(engine: Int, call: Int) -> Fault {
        var g = SeededGenerator(seed: seed).derive(0xFA, UInt64(engine), 1, UInt64(call))
        let roll = g.unit()
        if roll < rates.unavailable { return .unavailable }
        if roll < rates.unavailable + rates.lostReply { return .lostReply }
        return latency(&g)
    }

    /// The fault for engine `engine`'s `call`-th read (0-based).
    public func read(engine: Int, call: Int) -> Fault {
        var g = SeededGenerator(seed: seed).derive(0xFA, UInt64(engine), 2, UInt64(call))
        if g.chance(rates.readFailure) { return .unavailable }
        return latency(&g)
    }

    private func latency(_ g: inout SeededGenerator) -> Fault {
        guard g.chance(rates.latency) else { return .none }
        let max = rates.maxLatency.components
        let micros = max.seconds * 1_000_000 + max.attoseconds / 1_000_000_000_000
        return .latency(.microseconds(g.int(in: 1...Swift.max(1, Int(micros)))))
    }
}
