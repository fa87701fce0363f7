import Foundation
import Logging
import Metrics
import Synchronization

/// Runs an ``EventHandler`` on `$all` from its checkpoint: catches up in pages, then follows
/// live events, and does what a person tells it (``control(_:)``): pause, resume, step one
/// event, retry or skip a failing event, rebuild from scratch.
///
/// Failures come in two kinds. A store or read-model outage (`EventStoreError.unavailable`:
/// a locked file, a full disk, a lost server) is retried with backoff, the error in the
/// status. Any other error is the event's: the runner applies the events before it and stops
/// at that event, ``HandlerStatus/Phase/failed`` with the position, type and message kept in
/// ``HandlerStatus/failure``, until a person retries or skips it. Neither kind skips an event
/// by itself.
///
/// When the store went backwards (its head is behind the checkpoint), the runner calls
/// ``EventHandler/reset()`` and rebuilds the read model from the first event; if the handler
/// cannot be reset, the status says so and the runner stops.
///
/// Several processes may run the same handler on one shared read model: each renews the
/// handler's lease once a second (``EventHandler/renew(_:staleAfter:)``); the one that keeps
/// it applies events, the others stand by and take over when its heartbeat goes stale.
///
/// ```swift
/// let runner = HandlerRunner(handler: readModel, store: store)
/// runner.start()
/// // … runner.status.lag, runner.status.failure …
/// runner.control(.pause)
/// await runner.stop()
/// ```
public final class HandlerRunner: Sendable {
    /// The handler it runs.
    public let handler: any EventHandler
    private let store: any EventStore
    private let pageSize: Int
    private let catchUpPageSize: Int
    private let keeper: HandlerKeeper
    private let staleAfter: Duration
    private let status_: Mutex<HandlerStatus>
    private let controls = Mutex(Controls())
    private let applyLags = Mutex<[Double]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger
    /// `eventscope_handler_failures` and `eventscope_handler_lag_events`, with dimension `handler`.
    private let failures: Counter
    private let lag: Gauge

    private struct Controls {
        var paused = false
        var steps = 0
        var retry = false
        var skip = false
        var rebuild = false
    }

    /// Creates a stopped runner; ``start()`` starts it.
    /// - Parameters:
    ///   - handler: the handler to feed.
    ///   - store: the store whose `$all` it follows.
    ///   - pageSize: the most events read, and handed to the handler, at once when live.
    ///   - catchUpPageSize: the same, while far behind (catching up, rebuilding): bigger pages
    ///     mean fewer transactions (16 × `pageSize` when `nil`).
    ///   - keeper: who this runner is, for the handler's lease (this process by default).
    ///   - staleAfter: how long another keeper's silent lease holds before it is taken over.
    ///   - logger: where a failure that stops the handler is logged (`error`), and outages
    ///     retried and store resets (`warning`); nothing is logged per event.
    public init(
        handler: any EventHandler, store: any EventStore, pageSize: Int = 256, catchUpPageSize: Int? = nil,
        keeper: HandlerKeeper = .thisProcess, staleAfter: Duration = .seconds(5), logger: Logger = Logger(label: "eventscope.handler")
    ) {
        self.logger = logger
        failures = Counter(label: "eventscope_handler_failures", dimensions: [("handler", handler.name)])
        lag = Gauge(label: "eventscope_handler_lag_events", dimensions: [("handler", handler.name)])
        self.handler = handler
        self.store = store
        self.pageSize = max(1, pageSize)
        self.catchUpPageSize = max(self.pageSize, catchUpPageSize ?? self.pageSize * 16)
        self.keeper = keeper
        self.staleAfter = staleAfter
        self.status_ = Mutex(HandlerStatus(name: handler.name, phase: .stopped, position: .start, head: .start))
    }

    /// The handler's status now.
    public var status: HandlerStatus { status_.withLock { $0 } }

    /// Starts following the store (does nothing if already running).
    public func start() {
        task.withLock { t in
            guard t == nil else { return }
            status_.withLock { $0.phase = .starting }
            t = Task { [self] in await run() }
        }
    }

    /// Stops after the batch in progress; the checkpoint stays where the handler left it, and
    /// the lease is given up.
    public func stop() async {
        let t = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        t?.cancel()
        await t?.value
        status_.withLock { $0.phase = .stopped }
    }

    /// Tells the runner what to do next.
    /// - Returns: why the request makes no sense now (retry or skip when nothing failed), or
    ///   `nil` when it was taken.
    @discardableResult
    public func control(_ request: HandlerControl) -> String? {
        let failed = status.failure != nil
        switch request {
        case .retry where !failed, .skip where !failed:
            return "\(handler.name) has not failed: nothing to \(request.rawValue)"
        default:
            break
        }
        controls.withLock { c in
            switch request {
            case .pause: c.paused = true
            case .resume: c.paused = false; c.steps = 0
            case .step: c.paused = true; c.steps += 1
            case .retry: c.retry = true
            case .skip: c.skip = true
            case .rebuild: c.rebuild = true
            }
        }
        if request == .pause || request == .step { status_.withLock { if $0.phase != .failed && $0.phase != .standby { $0.phase = .paused } } }
        return nil
    }

    /// How long each recent batch waited between its last event's commit and its apply, in
    /// milliseconds (the newest 10,000), for measuring live lag.
    public func recentApplyLags() -> [Double] { applyLags.withLock { $0 } }

    /// Waits until the handler has applied everything up to `position` (or the timeout passes).
    /// - Returns: whether it caught up.
    public func waitUntilCaughtUp(to position: GlobalPosition, timeout: Duration = .seconds(10)) async -> Bool {
        await wait(timeout: timeout) { $0.position >= position }
    }

    /// Waits until `condition` holds for the status (or the timeout passes); returns whether it held.
    public func wait(timeout: Duration = .seconds(10), until condition: (HandlerStatus) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(status) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(status)
    }

    // MARK: - The loop

    private func run() async {
        let clock = ContinuousClock()
        var backoff = Duration.milliseconds(50)
        var position = GlobalPosition.start
        var needCheckpoint = true
        var held = false
        var nextBeat = clock.now
        var lastRefresh = clock.now - .seconds(1)
        var rate = (start: clock.now, applied: 0)
        // While catching up, the next page is read while the handler applies this one: the
        // store's read and the read model's write overlap instead of taking turns.
        var prefetch: Prefetch?
        defer { prefetch?.task.cancel() }
        // While catching up, the store's head is read twice a second: the lag shown is then
        // the distance to the store, not to the last page read.
        var nextHead = clock.now
        while !Task.isCancelled {
            do {
                if clock.now >= nextBeat {
                    nextBeat = clock.now + .seconds(1)
                    let wasHeld = held
                    held = try await renewLease()
                    if held && !wasHeld { needCheckpoint = true }
                    sample(&rate, now: clock.now)
                }
                guard held else {
                    // Another process keeps it: show how far the shared read model is.
                    position = try await handler.checkpoint()
                    status_.withLock { $0.position = position }
                    try await refreshLag(after: position)
                    try await Task.sleep(for: .milliseconds(250))
                    continue
                }
                if needCheckpoint {
                    position = try await handler.checkpoint()
                    let skipped = try await handler.skipped().count
                    needCheckpoint = false
                    status_.withLock { s in
                        s.position = position
                        s.skippedCount = skipped
                        if s.phase == .starting || s.phase == .standby { s.phase = .running }
                    }
                }
                let requests = controls.withLock { c -> Controls in
                    defer { c.retry = false; c.skip = false; c.rebuild = false }
                    return c
                }
                if requests.rebuild {
                    position = try await rebuild()
                    continue
                }
                if let failure = status.failure {
                    if requests.retry {
                        status_.withLock { $0.failure = nil; $0.lastError = nil; $0.phase = .running }
                        needCheckpoint = true
                        nextBeat = clock.now
                    } else if requests.skip {
                        position = try await skip(failure, at: position)
                        nextBeat = clock.now
                    } else {
                        if clock.now - lastRefresh > .milliseconds(500) {
                            lastRefresh = clock.now
                            try await refreshLag(after: position)
                        }
                        try await Task.sleep(for: .milliseconds(25))
                    }
                    continue
                }
                let stepping = requests.paused
                if stepping && requests.steps == 0 {
                    status_.withLock { $0.phase = .paused }
                    if clock.now - lastRefresh > .milliseconds(500) {
                        lastRefresh = clock.now
                        try await refreshLag(after: position)
                    }
                    try await Task.sleep(for: .milliseconds(25))
                    continue
                }
                let behind = status.lag > Int64(pageSize)
                let limit = stepping ? 1 : (behind ? catchUpPageSize : pageSize)
                let page: [RecordedEvent]
                if let ahead = prefetch, ahead.from == position.next, ahead.limit == limit {
                    prefetch = nil
                    page = try await ahead.task.value
                } else {
                    prefetch?.task.cancel()
                    prefetch = nil
                    page = try await store.readAll(from: position.next, limit: limit)
                }
                if page.count == limit && !stepping {
                    let (store, from) = (self.store, last(page).position.next)
                    prefetch = Prefetch(from: from, limit: limit, task: Task { try await store.readAll(from: from, limit: limit) })
                }
                if page.count == limit && clock.now >= nextHead {
                    nextHead = clock.now + .milliseconds(500)
                    let head = try await store.stats().headPosition
                    status_.withLock { $0.head = max($0.head, head) }
                }
                if page.isEmpty {
                    try await caughtUp(at: position, stepping: stepping)
                    continue
                }
                status_.withLock { $0.pendingSince = $0.pendingSince ?? page[0].recordedAt }
                let (applied, failure) = try await apply(page)
                if applied > 0 {
                    let last = page[applied - 1]
                    position = last.position
                    rate.applied += applied
                    recordApplyLag(of: last)
                    if stepping { controls.withLock { $0.steps = max(0, $0.steps - 1) } }
                }
                status_.withLock { s in
                    s.position = position
                    s.head = max(s.head, position)
                    s.lastError = nil
                    s.pendingSince = applied < page.count ? page[applied].recordedAt : (s.head > position ? last(page).recordedAt : nil)
                    if let rebuild = s.rebuild, position >= rebuild.target { s.rebuild = nil }
                    if let failure {
                        s.failure = failure
                        s.lastError = failure.description
                        s.phase = .failed
                    } else if s.rebuild != nil {
                        s.phase = .rebuilding
                    } else if stepping {
                        s.phase = .paused
                    } else {
                        s.phase = page.count == limit ? .catchingUp : .running
                    }
                }
                if let failure {
                    nextBeat = clock.now
                    failures.increment()
                    logger.error("handler stopped at an event it cannot apply", metadata: ["handler": "\(handler.name)", "failure": "\(failure.description)"])
                }
                backoff = .milliseconds(50)
            } catch EventStoreError.storeReset(let previous, let head) {
                if Task.isCancelled { break }
                logger.warning("the store was reset; rebuilding the read model", metadata: ["handler": "\(handler.name)", "previous_head": "\(previous.value)", "head": "\(head.value)"])
                do {
                    try await handler.reset()
                    position = .start
                    status_.withLock { s in
                        s.position = .start
                        s.head = head
                        s.lastError = "the store was reset (head \(previous.value) → \(head.value)): the read model was emptied and is being rebuilt"
                    }
                } catch {
                    // Carrying on would skip the new store's events up to the old checkpoint
                    // once its head passed it: stop here, and say why.
                    logger.error("the store was reset and the handler cannot be emptied; it stopped", metadata: ["handler": "\(handler.name)", "error": "\(error)"])
                    status_.withLock {
                        $0.lastError = "the store was reset (head \(previous.value) → \(head.value)) and \(error); the handler stopped: rebuild it"
                        $0.phase = .stopped
                    }
                    if held { await release() }
                    return
                }
            } catch {
                if Task.isCancelled { break }
                status_.withLock { $0.lastError = String(describing: error) }
                failures.increment()
                logger.warning("handler failed; retrying from its checkpoint", metadata: ["handler": "\(handler.name)", "position": "\(position.value)", "error": "\(error)", "retry_in": "\(backoff)"])
                // The handler's own checkpoint is the truth after a failure.
                needCheckpoint = true
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
        if held { await release() }
        status_.withLock { $0.phase = .stopped }
    }

    /// Gives the lease up, outside the cancelled task (a cancelled task's database calls throw).
    private func release() async {
        let (handler, keeper) = (self.handler, self.keeper)
        await Task.detached { await handler.release(keeper) }.value
    }

    private func last(_ page: [RecordedEvent]) -> RecordedEvent { page[page.count - 1] }

    /// A page being read ahead: used only if the handler's position is then right before it
    /// (and the page size unchanged), else dropped.
    private struct Prefetch {
        let from: GlobalPosition
        let limit: Int
        let task: Task<[RecordedEvent], any Error>
    }

    /// Applies `page`; on an event's error, finds that event, applies the ones before it and
    /// returns how many were applied and the failure. Outages are thrown (retried by the loop).
    private func apply(_ page: [RecordedEvent]) async throws -> (Int, HandlerFailure?) {
        do {
            try await handler.handle(page)
            return (page.count, nil)
        } catch where Self.isOutage(error) {
            throw error
        } catch {
            if page.count == 1 { return (0, HandlerFailure(event: page[0], error: error)) }
        }
        // One event at a time, to stop exactly at the one that throws.
        for (i, event) in page.enumerated() {
            do {
                try await handler.handle([event])
            } catch where Self.isOutage(error) {
                throw error
            } catch {
                return (i, HandlerFailure(event: event, error: error))
            }
        }
        return (page.count, nil)
    }

    /// An error that is the store's or the read model's, not the event's: retried.
    static func isOutage(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        guard let e = error as? EventStoreError else { return false }
        switch e {
        case .unavailable, .inDoubt, .streamBusy: return true
        default: return false
        }
    }

    /// Nothing more to read: checks the store did not go backwards, then waits for events.
    private func caughtUp(at position: GlobalPosition, stepping: Bool) async throws {
        let head = try await store.stats().headPosition
        if head < position {
            // The store went backwards (reset): the read model describes events the store no
            // longer has, and new events would be skipped until the head passed the old
            // checkpoint. Rebuild from the first event.
            throw EventStoreError.storeReset(previousHead: position, head: head)
        }
        status_.withLock { s in
            s.head = head
            s.lastError = nil
            if head <= position {
                s.pendingSince = nil
                s.rebuild = nil
                if s.phase != .paused { s.phase = stepping ? .paused : .running }
            }
        }
        if head <= position {
            try await store.waitForEvents(after: position, timeout: .milliseconds(200))
        }
    }

    /// Empties the read model and starts over from the first event.
    private func rebuild() async throws -> GlobalPosition {
        let head = try await store.stats().headPosition
        try await handler.reset()
        controls.withLock { $0.paused = false; $0.steps = 0 }
        status_.withLock { s in
            s.position = .start
            s.head = head
            s.failure = nil
            s.lastError = nil
            s.rebuild = RebuildProgress(target: head, startedAt: Date())
            s.rebuildsStarted += 1
            s.phase = head > .start ? .rebuilding : .running
            if head == .start { s.rebuild = nil }
        }
        return .start
    }

    /// Moves past the failed event without applying it.
    private func skip(_ failure: HandlerFailure, at position: GlobalPosition) async throws -> GlobalPosition {
        guard let event = try await store.readAll(from: failure.position, limit: 1).first, event.position == failure.position else {
            throw EventStoreError.unavailable("event #\(failure.position.value) is no longer in the store")
        }
        try await handler.skip(event, reason: failure.message)
        let skipped = try await handler.skipped().count
        status_.withLock { s in
            s.position = event.position
            s.failure = nil
            s.lastError = nil
            s.skippedCount = skipped
            s.phase = .running
        }
        return event.position
    }

    /// Renews the lease; returns whether this process keeps the handler.
    private func renewLease() async throws -> Bool {
        let s = status
        let phase: HandlerStatus.Phase = s.phase == .standby || s.phase == .starting ? .running : s.phase
        let mine = HandlerLease(keeper: keeper, heartbeat: Date(), phase: phase, failure: s.failure)
        let inForce = try await handler.renew(mine, staleAfter: staleAfter)
        let held = inForce.keeper == keeper
        status_.withLock { s in
            s.keeper = inForce.keeper
            if !held { s.phase = .standby }
        }
        return held
    }

    /// Reads the head and the first pending event's time (while paused, failed or standing by).
    private func refreshLag(after position: GlobalPosition) async throws {
        let head = try await store.stats().headPosition
        let next = head > position ? try await store.readAll(from: position.next, limit: 1).first : nil
        status_.withLock { s in
            s.head = head
            s.pendingSince = next?.recordedAt
        }
    }

    /// Once a second: the rate and a lag sample for the trend.
    private func sample(_ rate: inout (start: ContinuousClock.Instant, applied: Int), now: ContinuousClock.Instant) {
        let seconds = (now - rate.start) / .seconds(1)
        guard seconds >= 0.5 else { return }
        let perSecond = Double(rate.applied) / seconds
        rate = (now, 0)
        let behind = status_.withLock { s in
            s.eventsPerSecond = perSecond
            s.lagHistory.append(s.lag)
            if s.lagHistory.count > 60 { s.lagHistory.removeFirst(s.lagHistory.count - 60) }
            return s.lag
        }
        lag.record(behind)
    }

    private func recordApplyLag(of event: RecordedEvent) {
        let ms = Date().timeIntervalSince(event.recordedAt) * 1000
        applyLags.withLock { lags in
            lags.append(ms)
            if lags.count > 12_000 { lags.removeFirst(lags.count - 10_000) }
        }
    }
}
