import EventScope
import Foundation

/// The state of one torture aggregate, whichever its type.
public enum TortureState: Equatable, Sendable, CustomStringConvertible {
    case counter(TortureCounter.State)
    case account(TortureAccount.State)

    public var description: String {
        switch self {
        case .counter(let s): return "total \(s.total)"
        case .account(let s): return "balance \(s.balance)"
        }
    }
}

/// What an engine's live instance of an aggregate holds at the end of a run.
public struct ResidentState: Sendable {
    public var engine: Int
    public var target: TortureTarget
    /// The state and version, or why the engine could not give them.
    public var result: Result<(state: TortureState, version: StreamVersion), any Error>
}

/// Everything the checks look at once the commands have stopped: what every caller saw, what
/// the store holds, and what every engine holds.
public struct TortureEvidence: Sendable {
    public var options: TortureOptions
    /// The run's tag, which names its streams.
    public var run: String
    public var records: [TortureRecord]
    /// The final stream of every target, read from the store without faults.
    public var stored: [TortureTarget: [RecordedEvent]]
    /// Events the harness wrote itself (the poisoned history), not by any command.
    public var harnessEventIDs: Set<UUID>
    public var resident: [ResidentState]
    /// Every target loaded by a fresh engine after the run, once with snapshots (when the
    /// store keeps them) and once folding the events alone (`engine` 0 and 1).
    public var coldLoads: [ResidentState] = []
    /// Every snapshot the store kept of each target after the run (its thinned history, the
    /// latest included), for time travel; empty when the store keeps none.
    public var keptSnapshots: [TortureTarget: [StoredSnapshot]] = [:]
    /// The fresh engine's counters after its loads with snapshots.
    public var coldLoadMetrics = EngineMetrics()
    public var metrics: [EngineMetrics]
    public var codec: EventCodec

    /// Every target of the run.
    public var targets: [TortureTarget] {
        (0..<options.counters).map { .counter($0) } + (0..<options.accounts).map { .account($0) }
            + (options.poison > 0 ? [.poisoned] : [])
    }

    /// The state after each prefix of `events` (index `k` is the state at version `k`).
    public func prefixStates(of target: TortureTarget, _ events: [RecordedEvent]) -> [TortureState] {
        switch target {
        case .counter:
            var s = TortureCounter.initialState
            var states = [TortureState.counter(s)]
            for e in events {
                if let event = codec.decode(e).event { s = TortureCounter.apply(event, to: s) }
                states.append(.counter(s))
            }
            return states
        case .account, .poisoned:
            var s = TortureAccount.initialState
            var states = [TortureState.account(s)]
            for e in events {
                if let event = codec.decode(e).event { s = TortureAccount.apply(event, to: s) }
                states.append(.account(s))
            }
            return states
        }
    }

    /// Whether the command's rule refuses it in `state`.
    public static func refuses(_ command: TortureCommand, in state: TortureState) -> Bool {
        do {
            switch state {
            case .counter(let s): _ = try command.counterDecision.decide(s)
            case .account(let s): _ = try command.accountDecision.decide(s)
            }
            return false
        } catch {
            return true
        }
    }
}
