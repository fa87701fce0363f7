import DemoDomain
import EventSourcing
import Explorer
import Foundation
import Synchronization

/// The teaching load: concurrent clients incrementing a few counters through two engines on
/// the same store — as two processes would — so conflicts happen and are retried, and at the
/// end every acknowledged increment is checked against the store.
final class DemoTraffic: Sendable {
    static let counterIDs = (0..<4).map { "demo-\($0)" }
    static let clients = 8

    private let store: any EventStore
    private let engines: [Engine]
    private let inbox: Inbox
    private let stopping = Atomic<Bool>(false)
    private let acknowledged = Mutex<[String: Int]>([:])
    private let failed = Atomic<Int>(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - engine: the explorer's engine (its catalog and options are reused).
    ///   - store: the store; two engines on it play two processes sharing the counters.
    init(engine: Engine, store: any EventStore, inbox: Inbox) {
        self.store = store
        var options = engine.options
        // Two "processes" hammering four counters conflict a lot; retry more than the default
        // so that a client gives up only when something is really wrong.
        options.maxConflictRetries = max(options.maxConflictRetries, 100)
        self.engines = (0..<2).map { _ in Engine(store: store, catalog: engine.catalog, options: options) }
        self.inbox = inbox
    }

    /// Starts the clients and the progress reports.
    func start() {
        task.withLock { t in
            guard t == nil else { return }
            t = Task { await self.run() }
        }
    }

    /// Stops the clients; the final check is posted when they have finished.
    func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    /// Stops and waits for the clients (used when the explorer quits).
    func cancelAndWait() async {
        stop()
        let t = task.withLock { $0 }
        await t?.value
    }

    private func run() async {
        let clock = ContinuousClock()
        let start = clock.now
        var before: [String: Int64] = [:]
        do {
            for id in Self.counterIDs {
                do {
                    _ = try await engines[0].execute(Counter.self, id: id, Counter.create)
                } catch CommandError.refused {}
                before[id] = try await store.currentVersion(of: Counter.stream(id)).value
            }
        } catch {
            inbox.post(.demoTrafficFinished(DemoTrafficVerdict(rows: [], conflictsRetried: 0, elapsed: clock.now - start, error: TailFeed.describe(error))))
            return
        }
        let baseConflicts = engines.reduce(0) { $0 + $1.metrics.conflicts }
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<Self.clients {
                group.addTask { await self.client(client) }
            }
            group.addTask { await self.report(start: start, baseConflicts: baseConflicts) }
        }
        // Every client has its answers: compare acknowledged with what the store holds.
        let acks = acknowledged.withLock { $0 }
        var rows: [DemoTrafficVerdict.Row] = []
        var failure: String?
        for id in Self.counterIDs {
            do {
                let now = try await store.currentVersion(of: Counter.stream(id)).value
                rows.append(.init(stream: Counter.stream(id), acknowledged: acks[id] ?? 0, stored: Int(now - (before[id] ?? 0))))
            } catch {
                rows.append(.init(stream: Counter.stream(id), acknowledged: acks[id] ?? 0, stored: 0))
                failure = TailFeed.describe(error)
            }
        }
        let conflicts = engines.reduce(0) { $0 + $1.metrics.conflicts } - baseConflicts
        engines.forEach { $0.shutdown() }
        inbox.post(.demoTrafficFinished(DemoTrafficVerdict(rows: rows, conflictsRetried: conflicts, elapsed: clock.now - start, error: failure)))
    }

    private func client(_ index: Int) async {
        let engine = engines[index % engines.count]
        var i = index
        while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
            let id = Self.counterIDs[i % Self.counterIDs.count]
            i += 1
            do {
                _ = try await engine.execute(Counter.self, id: id, metadata: EventMetadata(custom: ["source": "explorer demo traffic"]), Counter.increment)
                acknowledged.withLock { $0[id, default: 0] += 1 }
            } catch {
                failed.add(1, ordering: .relaxed)
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    private func report(start: ContinuousClock.Instant, baseConflicts: Int) async {
        let clock = ContinuousClock()
        var lastCount = 0
        var lastTime = start
        while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            let now = clock.now
            let total = acknowledged.withLock { $0.values.reduce(0, +) }
            let seconds = Double((now - lastTime).components.attoseconds) / 1e18 + Double((now - lastTime).components.seconds)
            let perSecond = seconds > 0 ? Double(total - lastCount) / seconds : 0
            lastCount = total
            lastTime = now
            inbox.post(.demoTrafficProgress(DemoTrafficProgress(
                clients: Self.clients, counters: Self.counterIDs.map { Counter.stream($0) }, acknowledged: total,
                failed: failed.load(ordering: .relaxed),
                conflictsRetried: engines.reduce(0) { $0 + $1.metrics.conflicts } - baseConflicts,
                resident: engines.reduce(0) { $0 + $1.metrics.resident }, perSecond: perSecond, elapsed: now - start)))
        }
    }
}
