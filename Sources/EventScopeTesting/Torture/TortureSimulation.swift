import EventScope
import Foundation
import Synchronization

/// A seeded torture run: N engines (standing for processes) on one store, each through its
/// own ``FaultyEventStore``, with concurrent clients sending planned commands of the torture
/// domain; then every ``TortureCheck`` on what callers saw, what the store holds and what the
/// engines hold.
///
/// ```swift
/// let report = try await TortureSimulation(options: TortureOptions(seed: 42)).run(on: InMemoryEventStore())
/// #expect(report.violations.isEmpty, "\(report.text)")
/// ```
public struct TortureSimulation: Sendable {
    public let options: TortureOptions
    /// Names this run's streams, so that runs on one store never share a stream. The default
    /// draws a tag from the system generator: it names streams only, the plan never sees it.
    public let run: String

    public init(options: TortureOptions, run: String? = nil) {
        self.options = options
        self.run = run ?? "s\(options.seed)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Runs the commands and the checks on `store` (which is left open).
    public func run(on store: any EventStore) async throws -> TortureReport {
        let clock = ContinuousClock()
        let started = clock.now
        let catalog = CommandCatalog.torture()
        let harnessEvents = try await poison(store, codec: catalog.codec)
        let plan = FaultPlan(seed: options.seed, rates: options.faults)
        let faulty = (0..<options.engines).map { FaultyEventStore(store, plan: plan, engine: $0) }
        let engines = faulty.map { Engine(store: $0, catalog: catalog, options: options.resolvedEngineOptions) }
        defer { engines.forEach { $0.shutdown() } }

        let records = await sendCommands(engines: engines, deadline: started)
        faulty.forEach { $0.stopFaults() }

        var stored: [TortureTarget: [RecordedEvent]] = [:]
        var evidence = TortureEvidence(
            options: options, run: run, records: records, stored: [:], harnessEventIDs: harnessEvents,
            resident: [], metrics: engines.map(\.metrics), codec: catalog.codec)
        for target in evidence.targets { stored[target] = try await store.readStream(target.stream(run: run)) }
        evidence.stored = stored
        for (index, engine) in engines.enumerated() {
            for target in evidence.targets {
                evidence.resident.append(ResidentState(engine: index, target: target, result: await residentState(engine, target)))
            }
        }
        // Fold every aggregate both ways: from its snapshot plus the events after it, and from
        // its events alone.
        for useSnapshots in [true, false] {
            var engineOptions = options.resolvedEngineOptions
            engineOptions.snapshots = useSnapshots
            let fresh = Engine(store: store, catalog: catalog, options: engineOptions)
            for target in evidence.targets {
                evidence.coldLoads.append(ResidentState(engine: useSnapshots ? 0 : 1, target: target, result: await residentState(fresh, target)))
            }
            if useSnapshots { evidence.coldLoadMetrics = fresh.metrics }
            fresh.shutdown()
        }
        // And every snapshot kept for time travel, each to be compared with the fold at its version.
        if let snapshots = store as? any SnapshotStore {
            for target in evidence.targets {
                let stream = target.stream(run: run)
                var kept: [StoredSnapshot] = []
                for v in try await snapshots.snapshotVersions(of: stream) {
                    if let s = try await snapshots.snapshot(of: stream, atOrBefore: v) { kept.append(s) }
                }
                evidence.keptSnapshots[target] = kept
            }
        }
        let violations = TortureCheck.all.flatMap { $0.violations(in: evidence) }
        return TortureReport(
            evidence: evidence, violations: violations,
            faults: faulty.map(\.injected), duration: clock.now - started, store: store.displayName)
    }

    // MARK: - Commands

    private func sendCommands(engines: [Engine], deadline started: ContinuousClock.Instant) async -> [TortureRecord] {
        let sequence = OutcomeSequence()
        let run = self.run
        return await withTaskGroup(of: [TortureRecord].self) { group in
            for (e, engine) in engines.enumerated() {
                for c in 0..<options.clientsPerEngine {
                    let options = self.options
                    group.addTask {
                        var plan = TorturePlan(options: options, engine: e, client: c)
                        var records: [TortureRecord] = []
                        while Self.withinBudget(options.budget, sent: records.count, started: started) {
                            let command = plan.next()
                            let outcome = await Self.send(command, on: engine, run: run)
                            records.append(TortureRecord(command: command, outcome: outcome, sequence: sequence.take()))
                        }
                        return records
                    }
                }
            }
            var all: [TortureRecord] = []
            for await records in group { all += records }
            return all.sorted { $0.sequence < $1.sequence }
        }
    }

    public static func withinBudget(_ budget: TortureOptions.Budget, sent: Int, started: ContinuousClock.Instant) -> Bool {
        switch budget {
        case .commandsPerClient(let n): return sent < n
        case .duration(let d): return ContinuousClock.now - started < d
        }
    }

    /// Sends one command; a command planned to be cancelled runs in a task its caller cancels.
    public static func send(_ command: TortureCommand, on engine: Engine, run: String) async -> TortureOutcome {
        guard let cancelAfter = command.cancelAfter else {
            do { return TortureOutcome(.success(try await command.send(on: engine, run: run))) } catch { return TortureOutcome(.failure(error)) }
        }
        let task = Task { try await command.send(on: engine, run: run) }
        try? await Task.sleep(for: cancelAfter)
        task.cancel()
        return TortureOutcome(await task.result)
    }

    // MARK: - Setup and evidence

    /// Writes the poisoned account's history: a deposit, then an event of a known type whose
    /// data does not decode. Returns the ids of the events written.
    private func poison(_ store: any EventStore, codec: EventCodec) async throws -> Set<UUID> {
        guard options.poison > 0 else { return [] }
        let good = try codec.propose(TortureDeposited(amount: 100))
        let bad = ProposedEvent(type: TortureDeposited.eventType, data: Data(#"{"amount":"a lot"}"#.utf8))
        let result = try await store.append([good, bad], to: TortureTarget.poisoned.stream(run: run), expected: .noStream)
        return Set(result.events.map(\.eventID))
    }

    private func residentState(_ engine: Engine, _ target: TortureTarget) async -> Result<(state: TortureState, version: StreamVersion), any Error> {
        let id = target.aggregateID(run: run)
        do {
            switch target {
            case .counter:
                let (s, v) = try await engine.state(of: TortureCounter.self, id: id)
                return .success((.counter(s), v))
            case .account, .poisoned:
                let (s, v) = try await engine.state(of: TortureAccount.self, id: id)
                return .success((.account(s), v))
            }
        } catch {
            return .failure(error)
        }
    }
}

/// Numbers outcomes in the order they are recorded, across all clients.
private final class OutcomeSequence: Sendable {
    private let next = Atomic<Int>(0)
    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}
