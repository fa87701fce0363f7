import EventScope
import EventScopeExplorer
import Foundation
import Synchronization
import EventScopeTerminalUI

/// Runs the explorer: the one loop that applies messages to the state, performs the effects
/// against the engine and the store, and draws — at most one frame per 1/60 s, however fast
/// events arrive.
///
/// It sees only the ``EventStore`` and ``TerminalBackend`` protocols and the domain's
/// ``CommandCatalog``: any store, any backend (curses, or ``TestBackend`` in tests), any domain.
///
/// ```swift
/// try await CursesBackend.run(options: CursesOptions(mouse: true)) { backend in
///     await ExplorerRunner.run(store: store, catalog: catalog, backend: backend, options: ExplorerOptions(mouse: true))
/// }
/// ```
public final class ExplorerRunner: Sendable {
    /// Called after every frame with the state drawn and when; return `false` to leave
    /// (benchmarks and tests).
    public typealias FrameObserver = @Sendable (ExplorerState, ContinuousClock.Instant) -> Bool

    /// The session's fixed settings.
    public let config: ExplorerConfig
    /// The engine commands run through.
    public let engine: Engine
    private let store: any EventStore
    private let inbox = Inbox()
    private let feed: TailFeed
    private let tasks = TaskSet()
    private let readModels: ReadModelFeed
    private let traffic = Mutex<TrafficRun?>(nil)
    private let redrawAll = Mutex(false)
    /// Time-travel folds (checkpoints kept, the store's snapshots used).
    private let folds: TimeTravelFolds
    /// The stream whose checkpoints are being folded in the background, if any.
    private let indexing = Mutex<StreamID?>(nil)
    /// Seed demo data as soon as the explorer opens (`--demo`).
    let seedOnStart: Bool
    /// How often the counts and metrics are refreshed.
    let statsInterval: Duration

    /// Creates a runner on `engine` (its store and catalog).
    /// - Parameters:
    ///   - seedOnStart: run the catalog's demo seed as soon as the explorer opens.
    ///   - statsInterval: how often the counts and metrics are refreshed.
    ///   - readModels: the read models to run and show in the projections view.
    public init(config: ExplorerConfig, engine: Engine, seedOnStart: Bool = false, statsInterval: Duration = .seconds(1), readModels: [any ReadModel] = []) {
        var config = config
        config.filterMatchesAnyEventType = engine.store is any StreamEventTypeSearch
        self.config = config
        self.engine = engine
        self.store = engine.store
        self.seedOnStart = seedOnStart
        self.statsInterval = statsInterval
        self.feed = TailFeed(capacity: config.tailCapacity, inbox: inbox)
        self.folds = TimeTravelFolds(store: engine.store, catalog: engine.catalog)
        self.readModels = ReadModelFeed(models: readModels, store: engine.store, inbox: inbox)
    }

    /// The read models this explorer runs, with their runners (for measuring; the projections
    /// view controls them through messages).
    public var readModelRunners: ReadModelRunners { readModels.runners }

    /// Creates a runner from options, on an engine of its own.
    public convenience init(store: any EventStore, catalog: CommandCatalog, options: ExplorerOptions = ExplorerOptions()) {
        let engine = Engine(store: store, catalog: catalog, options: options.engine)
        self.init(config: options.config(catalog: catalog, storeName: store.displayName), engine: engine,
                  seedOnStart: options.seedOnStart, statsInterval: options.statsInterval, readModels: options.readModels)
    }

    /// Runs the explorer on `store` with the domain of `catalog`, drawing on `backend`, until
    /// the user quits or the backend's input ends. The engine it runs commands with is shut
    /// down when it returns; the store is the caller's to close.
    public static func run(store: any EventStore, catalog: CommandCatalog, backend: any TerminalBackend, options: ExplorerOptions = ExplorerOptions()) async {
        let runner = ExplorerRunner(store: store, catalog: catalog, options: options)
        await runner.run(backend: backend)
        runner.engine.shutdown()
    }

    /// Runs until the user quits (or `observer` returns `false`, or the backend's input ends);
    /// returns with background work stopped.
    public func run(backend: any TerminalBackend, observer: FrameObserver? = nil) async {
        let clock = ContinuousClock()
        var terminal = Terminal(backend: backend)
        var state = ExplorerState(config: config, size: backend.size, now: Date())
        if seedOnStart { state.seedOffered = true }
        spawn { [inbox] in
            for await key in backend.events { inbox.post(.key(key)) }
            // The terminal went away: leave.
            inbox.post(.key(.ctrl("c")))
        }
        spawn { [inbox] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                inbox.post(.tick(Date()))
            }
        }
        spawn { [self] in await pollStats() }
        spawn { [readModels] in await readModels.run() }
        perform(Explorer.start(&state))
        if seedOnStart { perform(Explorer.update(&state, .key(.char("S")))) }

        let frameInterval = Duration.milliseconds(16)
        var lastFrame = clock.now - frameInterval
        var dirty = true
        while !state.quitting {
            if dirty {
                // Coalesce: wait out the rest of the frame, taking whatever arrives meanwhile.
                // Frames start at most every 16 ms (the cadence counts from a frame's start, so
                // the work of drawing does not slow the frame rate below 60/s).
                let due = lastFrame + frameInterval
                if clock.now < due { try? await Task.sleep(until: due, clock: clock) }
                lastFrame = clock.now
                apply(&state)
                if state.quitting { break }
                if redrawAll.withLock({ r in defer { r = false }; return r }) { terminal.invalidate() }
                await terminal.draw { frame in Explorer.draw(state, into: &frame) }
                dirty = false
                if let observer, !observer(state, clock.now) { break }
            }
            await inbox.wait()
            dirty = apply(&state) || dirty
        }
        await shutdown()
    }

    /// Applies every waiting message and the tail batch; returns whether anything changed.
    @discardableResult
    private func apply(_ state: inout ExplorerState) -> Bool {
        var changed = false
        for message in inbox.drain() {
            perform(Explorer.update(&state, message))
            changed = true
        }
        if let batch = feed.take() {
            perform(Explorer.update(&state, batch))
            changed = true
        }
        return changed
    }

    /// Starts background work that ``shutdown()`` cancels and waits for.
    private func spawn(_ body: @escaping @Sendable () async -> Void) {
        tasks.spawn(body)
    }

    private func shutdown() async {
        if let run = traffic.withLock({ $0 }) { await run.cancelAndWait() }
        await tasks.cancelAll()
    }

    // MARK: - Effects

    private func perform(_ effects: [ExplorerEffect]) {
        for effect in effects { perform(effect) }
    }

    private func perform(_ effect: ExplorerEffect) {
        let store = self.store
        let engine = self.engine
        let inbox = self.inbox
        switch effect {
        case .loadStreams(let token, let after, let limit, let query):
            spawnStore {
                // The filter matches any event's type where the store can say (the view says which).
                let page = if query.contains?.isEmpty == false, let search = store as? any StreamEventTypeSearch {
                    try await search.streamsWithAnyEventType(after: after, limit: limit, query: query)
                } else {
                    try await store.streams(after: after, limit: limit, query: query)
                }
                inbox.post(.streamsLoaded(token: token, page: page, hasMore: page.count == limit))
            }
        case .loadStreamEvents(let token, let stream, let window):
            spawnStore { [self] in
                // The head first: the window is placed against it, and the view shows it.
                let head = try await store.currentVersion(of: stream)
                // Checkpoints past the head are from before a store reset: forget them.
                folds.forget(stream, beyond: head)
                var next = window.from ?? StreamVersion(max(1, head.value - Int64(window.limit) + 1))
                var events: [RecordedEvent] = []
                while events.count < window.limit {
                    let want = min(1_000, window.limit - events.count)
                    let page = try await store.read(stream, from: next, limit: want)
                    events += page
                    guard page.count == want, let last = page.last else { break }
                    next = last.version.next
                }
                inbox.post(.streamEventsLoaded(token: token, stream: stream, events: events, total: max(head, events.last?.version ?? .none)))
                indexForTimeTravel(stream, through: head)
            }
        case .foldAggregate(let token, let stream, let version):
            spawnStore { [self] in
                guard let (now, before, origin) = try await folds.fold(stream, to: version) else { return }
                inbox.post(.aggregateFolded(token: token, version: version, now: now, before: before, origin: origin))
            }
        case .subscribeTail(let last):
            let feed = self.feed
            spawn { await feed.run(store: store, last: last) }
        case .loadEvents(let token, let from, let limit):
            spawnStore {
                inbox.post(.eventsLoaded(token: token, events: try await store.readAll(from: from, limit: limit)))
            }
        case .searchEvents(let token, let before, let limit):
            spawnStore {
                inbox.post(.eventsSearched(token: token, events: try await store.readAllBackward(from: before, limit: limit)))
            }
        case .sendCommand(let id, let command):
            spawn {
                let clock = ContinuousClock()
                let start = clock.now
                let outcome: CommandOutcome
                do {
                    outcome = .accepted(try await engine.send(command, metadata: CommandOrigin.started(by: "explorer", text: command.text)))
                } catch let error as CommandError {
                    outcome = .rejected(error)
                } catch {
                    outcome = .rejected(.store(StoreFailure(error, message: TailFeed.describe(error))))
                }
                inbox.post(.commandFinished(id: id, outcome: outcome, latency: clock.now - start))
            }
        case .traceEvent(let token, let id):
            let runners = readModels.runners
            spawn {
                do {
                    var handlers: [TraceHandler] = []
                    for (model, status) in zip(runners.models, runners.statuses) {
                        guard let process = model as? ProcessManagerHandler else { continue }
                        handlers.append(TraceHandler(name: process.name, checkpoint: status.position, reactsTo: process.process.reactsTo, failure: status.failure))
                    }
                    let trace = try await CausalityTrace.build(store: store, start: .id(id), handlers: runners.models.isEmpty ? nil : handlers)
                    inbox.post(.traceLoaded(token: token, .success(trace)))
                } catch {
                    inbox.post(.traceLoaded(token: token, .failure(ExplorerFailure(TailFeed.describe(error)))))
                }
            }
        case .findEvent(let token, let id):
            spawn {
                do {
                    inbox.post(.eventFound(token: token, id: id, .success(try await CausalityTrace.findEvent(store: store, id: id))))
                } catch {
                    inbox.post(.eventFound(token: token, id: id, .failure(ExplorerFailure(TailFeed.describe(error)))))
                }
            }
        case .seed:
            guard let seed = engine.catalog.demo?.seed else { return }
            spawn {
                do {
                    let outcome = try await seed.run(on: engine)
                    inbox.post(.seedFinished(.success(outcome.built == 0
                        ? "demo data already there"
                        : "seeded \(outcome.built) demo aggregates (\(outcome.appended) events)")))
                } catch {
                    inbox.post(.seedFinished(.failure(ExplorerFailure(TailFeed.describe(error)))))
                }
            }
        case .startTraffic:
            guard let plan = engine.catalog.demo?.traffic else { return }
            let run = TrafficRun(engine: engine, plan: plan, inbox: inbox)
            traffic.withLock { $0 = run }
            run.start()
        case .setTrafficPace(let perSecond):
            traffic.withLock { $0 }?.pace.perSecond = perSecond
        case .stopTraffic:
            traffic.withLock { $0 }?.stop()
        case .refreshStats:
            spawnStore {
                inbox.post(.statsLoaded(try await store.stats()))
                inbox.post(.metricsLoaded(engine.metrics))
            }
        case .controlHandler(let name, let request):
            readModels.control(name, request)
        case .loadReadModel(let token, let name, let limit):
            let readModels = self.readModels
            spawnStore {
                if let table = try await readModels.table(name, limit: limit) { inbox.post(.readModelLoaded(token: token, table)) }
            }
        case .loadReadModelEntries(let stream):
            let readModels = self.readModels
            spawnStore { inbox.post(.readModelEntriesLoaded(try await readModels.entries(of: stream))) }
        case .redraw:
            redrawAll.withLock { $0 = true }
        case .quit:
            break
        }
    }

    /// Keeps checkpoints of a long stream from version 1 to `head` in the background (one
    /// stream at a time), so time travel to any version of it applies fewer than
    /// ``TimeTravelFolds/every`` events once they are kept.
    private func indexForTimeTravel(_ stream: StreamID, through head: StreamVersion) {
        guard head.value >= 2 * folds.every else { return }
        let start = indexing.withLock { i -> Bool in
            guard i != stream else { return false }
            i = stream
            return true
        }
        guard start else { return }
        let folds = self.folds
        let inbox = self.inbox
        spawn { [self] in
            // Low priority: it only makes later travels faster.
            let task = Task(priority: .background) {
                let reported = Mutex(Int64(0))
                let through = try? await folds.index(stream, through: head) { v in
                    // Every 50,000 versions: a few reports a second at most.
                    let due = reported.withLock { r -> Bool in
                        guard v.value - r >= 50_000 else { return false }
                        r = v.value
                        return true
                    }
                    if due { inbox.post(.timeTravelIndexed(stream: stream, through: v)) }
                }
                // Done (or stopped: a store error, another stream inspected): nothing to show.
                inbox.post(.timeTravelIndexed(stream: stream, through: through.map { _ in head }))
            }
            await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
            indexing.withLock { if $0 == stream { $0 = nil } }
        }
    }

    /// Runs a store read; a failure is shown in the status bar (the explorer keeps running).
    private func spawnStore(_ body: @escaping @Sendable () async throws -> Void) {
        let inbox = self.inbox
        spawn {
            do {
                try await body()
            } catch {
                if !Task.isCancelled { inbox.post(.storeFailed(TailFeed.describe(error))) }
            }
        }
    }

    /// Refreshes counts and metrics every `statsInterval`; reports failures and recovery.
    private func pollStats() async {
        var failing = false
        while !Task.isCancelled {
            try? await Task.sleep(for: statsInterval)
            if Task.isCancelled { return }
            do {
                let stats = try await store.stats()
                if failing {
                    failing = false
                    inbox.post(.storeRecovered)
                }
                inbox.post(.statsLoaded(stats))
                inbox.post(.metricsLoaded(engine.metrics))
            } catch {
                failing = true
                inbox.post(.storeFailed(TailFeed.describe(error)))
            }
        }
    }
}
