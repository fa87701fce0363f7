import EventScope
import EventScopeExplorer
import Foundation
import Synchronization

/// The explorer's demo traffic: the catalog's ``TrafficPlan`` run by a ``LoadGenerator`` through
/// two engines on the same store — as two processes would — so conflicts happen and are
/// retried; progress is posted twice a second, and when it stops every acknowledged event is
/// looked up in the store (``LossCheck``).
final class TrafficRun: Sendable {
    private let store: any EventStore
    private let engines: [Engine]
    private let plan: TrafficPlan
    private let inbox: Inbox
    private let load = Mutex<LoadGenerator?>(nil)
    private let stopping = Atomic<Bool>(false)
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// How fast the clients send (`+`/`-` change it while they run).
    let pace = CommandPace()

    /// - Parameters:
    ///   - engine: the explorer's engine (its catalog and options are reused).
    ///   - plan: what to send.
    init(engine: Engine, plan: TrafficPlan, inbox: Inbox) {
        self.store = engine.store
        var options = engine.options
        // Two "processes" hammering a few streams conflict a lot; retry more than the default
        // so that a client gives up only when something is really wrong.
        options.maxConflictRetries = max(options.maxConflictRetries, 100)
        self.engines = (0..<2).map { _ in Engine(store: engine.store, catalog: engine.catalog, options: options) }
        self.plan = plan
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
        load.withLock { $0 }?.stop()
    }

    /// Stops and waits for the clients (used when the explorer quits).
    func cancelAndWait() async {
        stop()
        let t = task.withLock { $0 }
        await t?.value
    }

    private var conflicts: Int { engines.reduce(0) { $0 + $1.metrics.conflicts } }

    private func run() async {
        let clock = ContinuousClock()
        let start = clock.now
        let generator: LoadGenerator
        let baseline: [StreamID: StreamVersion]
        do {
            generator = try LoadGenerator(
                engines: engines, plan: plan, limit: .untilStopped,
                metadata: EventMetadata(custom: ["source": "explorer demo traffic"]), pauseAfterFailure: .milliseconds(50), pace: pace)
            load.withLock { $0 = generator }
            if stopping.load(ordering: .relaxed) { generator.stop() }
            baseline = try await generator.prepare()
        } catch {
            engines.forEach { $0.shutdown() }
            inbox.post(.trafficFinished(TrafficVerdict(check: LossCheck(rows: []), conflictsRetried: 0, elapsed: clock.now - start, error: TailFeed.describe(error))))
            return
        }
        let baseConflicts = conflicts
        async let report = generator.run()
        await self.report(generator, start: start, baseConflicts: baseConflicts)
        let finished = await report
        // Every client has its answers: look each acknowledged event up in the store.
        var check = LossCheck(rows: [])
        var failure: String?
        do {
            check = try await LossCheck.run(store: store, acknowledged: finished.acknowledged, after: baseline)
        } catch {
            failure = TailFeed.describe(error)
        }
        let retried = conflicts - baseConflicts
        engines.forEach { $0.shutdown() }
        inbox.post(.trafficFinished(TrafficVerdict(check: check, conflictsRetried: retried, elapsed: clock.now - start, error: failure, failed: generator.failedSoFar)))
    }

    /// Posts progress every 500 ms until the traffic is stopped.
    private func report(_ generator: LoadGenerator, start: ContinuousClock.Instant, baseConflicts: Int) async {
        let clock = ContinuousClock()
        var lastCount = 0
        var lastTime = start
        while !stopping.load(ordering: .relaxed) && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
            let now = clock.now
            let total = generator.acknowledgedSoFar
            let seconds = (now - lastTime) / .seconds(1)
            let perSecond = seconds > 0 ? Double(total - lastCount) / seconds : 0
            lastCount = total
            lastTime = now
            inbox.post(.trafficProgress(TrafficProgress(
                clients: generator.clients, streams: generator.streams, acknowledged: total,
                failed: generator.failedSoFar, conflictsRetried: conflicts - baseConflicts,
                resident: engines.reduce(0) { $0 + $1.metrics.resident }, perSecond: perSecond, elapsed: now - start)))
        }
    }
}
