import EventScope
import EventScopeTesting
import Foundation
import Testing

/// The seeded torture harness on the in-memory store: a short budget per seed, each run in a
/// child process (an exit test) so that a crash of the engine is reported as a failed check
/// instead of ending the test run. Replay a seed with `EVENTSCOPE_TORTURE_SEED=S`.
@Suite("Torture: in-memory store")
struct TortureTests {
    /// One writer: no conflict may fail a command.
    @Test(arguments: TortureChild.seeds(default: [1, 2]))
    func oneEngine(seed: UInt64) async {
        let log: String = TortureChild.logPath()
        let result = await #expect(processExitsWith: .success) { [seed = seed as UInt64, log = log as String] in
            TortureChild.redirect(to: log)
            let options = TortureOptions(seed: seed, engines: 1, clientsPerEngine: 6, budget: .duration(.seconds(2)))
            let report = try await TortureSimulation(options: options).run(on: InMemoryEventStore())
            TortureChild.finish(report)
        }
        TortureChild.show(log: log, passed: result != nil)
    }

    /// Three engines (processes) writing to the same aggregates.
    @Test(arguments: TortureChild.seeds(default: [3, 4]))
    func threeEngines(seed: UInt64) async {
        let log: String = TortureChild.logPath()
        let result = await #expect(processExitsWith: .success) { [seed = seed as UInt64, log = log as String] in
            TortureChild.redirect(to: log)
            let options = TortureOptions(seed: seed, engines: 3, clientsPerEngine: 3, budget: .duration(.seconds(2)))
            let report = try await TortureSimulation(options: options).run(on: InMemoryEventStore())
            TortureChild.finish(report)
        }
        TortureChild.show(log: log, passed: result != nil)
    }

    /// No faults, one engine, a fixed number of commands: the baseline a correct engine passes.
    @Test func calmBaseline() async {
        let log: String = TortureChild.logPath()
        let result = await #expect(processExitsWith: .success) { [log = log as String] in
            TortureChild.redirect(to: log)
            let options = TortureOptions(
                seed: 7, engines: 1, clientsPerEngine: 4, budget: .commandsPerClient(150), faults: .none, cancelRate: 0, poison: 0,
                engineOptions: EngineOptions(maxResident: 100, idleTimeout: nil))
            let report = try await TortureSimulation(options: options).run(on: InMemoryEventStore())
            TortureChild.finish(report)
        }
        TortureChild.show(log: log, passed: result != nil)
    }

    // MARK: - Same seed, same plan

    /// The same runs without check-only steps (commands that decide no events), so that the
    /// other promises are checked even while such a batch crashes the engine.
    @Test(arguments: TortureChild.seeds(default: [5, 6]))
    func withoutCheckSteps(seed: UInt64) async {
        let log: String = TortureChild.logPath()
        let result = await #expect(processExitsWith: .success) { [seed = seed as UInt64, log = log as String] in
            TortureChild.redirect(to: log)
            let options = TortureOptions(seed: seed, engines: seed % 2 == 0 ? 3 : 1, clientsPerEngine: 4, budget: .duration(.seconds(2)), checkSteps: 0)
            let report = try await TortureSimulation(options: options).run(on: InMemoryEventStore())
            TortureChild.finish(report)
        }
        TortureChild.show(log: log, passed: result != nil)
    }

    @Test func sameSeedSamePlan() {
        let a = TortureOptions(seed: 99), b = TortureOptions(seed: 99), c = TortureOptions(seed: 100)
        #expect(TorturePlan.fingerprint(a) == TorturePlan.fingerprint(b))
        #expect(TorturePlan.fingerprint(a) != TorturePlan.fingerprint(c))
        var p = TorturePlan(options: a, engine: 1, client: 2), q = TorturePlan(options: b, engine: 1, client: 2)
        for _ in 0..<50 { #expect(p.next() == q.next()) }
        #expect(a.resolvedEngineOptions.maxResident == b.resolvedEngineOptions.maxResident)
    }

    @Test func faultPlanIsAFunctionOfTheSeed() {
        let rates = FaultRates(latency: 0.3, unavailable: 0.1, lostReply: 0.1, readFailure: 0.1)
        let a = FaultPlan(seed: 5, rates: rates), b = FaultPlan(seed: 5, rates: rates)
        let faults = (0..<500).map { a.append(engine: 2, call: $0) }
        #expect(faults == (0..<500).map { b.append(engine: 2, call: $0) })
        #expect(faults.contains(.unavailable) && faults.contains(.lostReply) && faults.contains(.none))
        #expect(faults != (0..<500).map { FaultPlan(seed: 6, rates: rates).append(engine: 2, call: $0) })
    }

    @Test func seededGeneratorIsStable() {
        var g = SeededGenerator(seed: 0)
        // SplitMix64's published first output for seed 0.
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    }
}
