import EventScope
import Foundation

/// Which aggregate of the torture domain a command targets: a counter or an account, by slot.
public enum TortureTarget: Hashable, Sendable, Comparable, CustomStringConvertible {
    case counter(Int)
    case account(Int)
    /// The account whose history holds an event nobody can decode (see ``TortureOptions/poison``).
    case poisoned

    /// The aggregate id within its category, unique to one run (`run` keeps runs on one store apart).
    public func aggregateID(run: String) -> String {
        switch self {
        case .counter(let i): return "\(run)-c\(i)"
        case .account(let i): return "\(run)-a\(i)"
        case .poisoned: return "\(run)-poisoned"
        }
    }

    public func stream(run: String) -> StreamID {
        switch self {
        case .counter: return TortureCounter.stream(aggregateID(run: run))
        case .account, .poisoned: return TortureAccount.stream(aggregateID(run: run))
        }
    }

    public var description: String {
        switch self {
        case .counter(let i): return "counter \(i)"
        case .account(let i): return "account \(i)"
        case .poisoned: return "poisoned account"
        }
    }
}

/// One step of a command; a command chains one to three steps into one atomic decision.
public enum TortureStep: Hashable, Sendable, CustomStringConvertible {
    case add(Int)
    case reset
    case requireRoom(Int)
    case deposit(Int)
    case withdraw(Int)
    case requireBalance(Int)

    public var description: String {
        switch self {
        case .add(let n): return "add \(n)"
        case .reset: return "reset"
        case .requireRoom(let n): return "require-room \(n)"
        case .deposit(let n): return "deposit \(n)"
        case .withdraw(let n): return "withdraw \(n)"
        case .requireBalance(let n): return "require-balance \(n)"
        }
    }
}

/// A planned command: who sends it, what it targets, what it decides, and whether its caller
/// gives up on it (cancels) after a while. Every command has its own id, carried in the
/// metadata of its events, so stored events map back to commands.
public struct TortureCommand: Hashable, Sendable, CustomStringConvertible {
    public var commandID: UUID
    public var engine: Int
    public var client: Int
    /// The command's place in its client's sequence (0-based).
    public var index: Int
    public var target: TortureTarget
    public var steps: [TortureStep]
    /// When set, the caller cancels its task this long after sending.
    public var cancelAfter: Duration?

    public var description: String {
        let cancel = cancelAfter.map { " (cancelled after \($0))" } ?? ""
        return "e\(engine).c\(client)#\(index) \(target): \(steps.map(\.description).joined(separator: " then "))\(cancel)"
    }

    /// The counter decision of the steps (the steps of a counter command are counter steps).
    public var counterDecision: Decision<TortureCounter> {
        steps.compactMap { step -> Decision<TortureCounter>? in
            switch step {
            case .add(let n): return TortureCounter.add(n)
            case .reset: return TortureCounter.reset
            case .requireRoom(let n): return TortureCounter.requireRoom(n)
            default: return nil
            }
        }.chained()
    }

    /// The account decision of the steps.
    public var accountDecision: Decision<TortureAccount> {
        steps.compactMap { step -> Decision<TortureAccount>? in
            switch step {
            case .deposit(let n): return TortureAccount.deposit(n)
            case .withdraw(let n): return TortureAccount.withdraw(n)
            case .requireBalance(let n): return TortureAccount.requireBalance(n)
            default: return nil
            }
        }.chained()
    }

    /// Runs the command on `engine`.
    public func send(on engine: Engine, run: String) async throws -> CommandResult {
        let metadata = EventMetadata(commandID: commandID)
        let id = target.aggregateID(run: run)
        switch target {
        case .counter: return try await engine.execute(TortureCounter.self, id: id, metadata: metadata, counterDecision)
        case .account, .poisoned: return try await engine.execute(TortureAccount.self, id: id, metadata: metadata, accountDecision)
        }
    }
}

extension CommandCatalog {
    /// A catalog with the torture domain's two aggregates (no text commands: the harness sends
    /// decisions directly).
    public static func torture() -> CommandCatalog {
        var catalog = CommandCatalog()
        catalog.register(TortureCounter.self, help: "Torture harness: a counter bounded by \(TortureCounter.maximum)")
        catalog.register(TortureAccount.self, help: "Torture harness: an account that must not be overdrawn")
        return catalog
    }
}

extension Array {
    /// The decisions one after another, as one atomic decision (no step decides no events).
    func chained<A: Aggregate>() -> Decision<A> where Element == Decision<A> {
        guard let first else { return Decision { _ in [] } }
        return dropFirst().reduce(first) { chain, next in chain.then(next) }
    }
}
