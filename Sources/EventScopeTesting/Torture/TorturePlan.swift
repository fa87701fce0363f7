import Foundation

/// The command plan of one client: an endless sequence of commands, the same for the same
/// (seed, engine, client) whatever the timing of the run.
public struct TorturePlan: Sendable {
    public let options: TortureOptions
    public let engine: Int
    public let client: Int
    private var generator: SeededGenerator
    private var nextIndex = 0

    public init(options: TortureOptions, engine: Int, client: Int) {
        self.options = options
        self.engine = engine
        self.client = client
        generator = SeededGenerator(seed: options.seed).derive(0xC0, UInt64(engine), UInt64(client))
    }

    /// The next command of this client.
    public mutating func next() -> TortureCommand {
        var g = generator
        defer { generator = g; nextIndex += 1 }
        let commandID = g.uuid()
        let target = pickTarget(&g)
        let stepCount = g.chance(0.25) ? g.int(in: 2...3) : 1
        let steps = (0..<stepCount).map { _ in pickStep(for: target, &g) }
        let cancelAfter: Duration? = g.chance(options.cancelRate) ? .microseconds(g.int(in: 0...2_000)) : nil
        return TortureCommand(
            commandID: commandID, engine: engine, client: client, index: nextIndex,
            target: target, steps: steps, cancelAfter: cancelAfter)
    }

    private func pickTarget(_ g: inout SeededGenerator) -> TortureTarget {
        if g.chance(options.poison) { return .poisoned }
        let slots = options.counters + options.accounts
        let slot = g.int(in: 0...max(0, slots - 1))
        return slot < options.counters ? .counter(slot) : .account(slot - options.counters)
    }

    private func pickStep(for target: TortureTarget, _ g: inout SeededGenerator) -> TortureStep {
        let check = g.chance(options.checkSteps)
        let roll = g.unit()
        switch target {
        case .counter:
            if check { return .requireRoom(g.int(in: 0...10)) }
            return roll < 0.85 ? .add(g.int(in: 1...6)) : .reset
        case .account, .poisoned:
            if check { return .requireBalance(g.int(in: 0...20)) }
            return roll < 0.5 ? .deposit(g.int(in: 1...10)) : .withdraw(g.int(in: 1...15))
        }
    }

    /// A fingerprint of the first `count` commands of every client and of the first `count`
    /// faults of every engine: equal for equal seeds (and options), so a run can be replayed.
    public static func fingerprint(_ options: TortureOptions, count: Int = 200) -> String {
        var hash = StableHash()
        let engineOptions = options.resolvedEngineOptions
        hash.combine("\(engineOptions.maxResident) \(String(describing: engineOptions.idleTimeout)) \(engineOptions.maxConflictRetries) \(engineOptions.maxBatch)")
        let faults = FaultPlan(seed: options.seed, rates: options.faults)
        for engine in 0..<options.engines {
            for client in 0..<options.clientsPerEngine {
                var plan = TorturePlan(options: options, engine: engine, client: client)
                for _ in 0..<count {
                    let c = plan.next()
                    hash.combine(c.commandID.uuidString + " " + c.description)
                }
            }
            for call in 0..<count {
                hash.combine("\(faults.append(engine: engine, call: call)) \(faults.read(engine: engine, call: call))")
            }
        }
        return hash.hex
    }
}
