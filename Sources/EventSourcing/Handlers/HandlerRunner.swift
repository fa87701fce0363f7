import Foundation
import Logging
import Metrics
import Synchronization

/// Runs an ``EventHandler`` on `$all` from its checkpoint: catches up in pages, then follows
/// live events. A failing batch is retried with backoff (the error is in the status), so a
/// store outage or a handler bug never skips an event.
///
/// When the store went backwards (its head is behind the checkpoint), the runner calls
/// ``EventHandler/reset()`` and rebuilds the read model from the first event; if the handler
/// cannot be reset, the status says so and the runner keeps checking.
///
/// ```swift
/// let runner = HandlerRunner(handler: readModel, store: store)
/// runner.start()
/// // … runner.status.lag, runner.status.lastError …
/// await runner.stop()
/// ```
public final class HandlerRunner: Sendable {
    /// The handler it runs.
    public let handler: any EventHandler
    private let store: any EventStore
    private let pageSize: Int
    private let status_: Mutex<HandlerStatus>
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let logger: Logger
    /// `eventscope_handler_failures` and `eventscope_handler_lag_events`, with dimension `handler`.
    private let failures: Counter
    private let lag: Gauge

    /// Creates a stopped runner; ``start()`` starts it.
    /// - Parameters:
    ///   - handler: the handler to feed.
    ///   - store: the store whose `$all` it follows.
    ///   - pageSize: the most events read, and handed to the handler, at once.
    ///   - logger: where failures (`error`) and store resets (`warning`) are logged; nothing
    ///     is logged per event.
    public init(handler: any EventHandler, store: any EventStore, pageSize: Int = 256, logger: Logger = Logger(label: "eventscope.handler")) {
        self.logger = logger
        failures = Counter(label: "eventscope_handler_failures", dimensions: [("handler", handler.name)])
        lag = Gauge(label: "eventscope_handler_lag_events", dimensions: [("handler", handler.name)])
        self.handler = handler
        self.store = store
        self.pageSize = pageSize
        self.status_ = Mutex(HandlerStatus(name: handler.name, phase: .stopped, position: .start, head: .start, lastError: nil))
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

    /// Stops after the batch in progress; the checkpoint stays where the handler left it.
    public func stop() async {
        let t = task.withLock { t -> Task<Void, Never>? in
            defer { t = nil }
            return t
        }
        t?.cancel()
        await t?.value
        status_.withLock { $0.phase = .stopped }
    }

    /// Waits until the handler has applied everything up to `position` (or the timeout passes).
    /// - Returns: whether it caught up.
    public func waitUntilCaughtUp(to position: GlobalPosition, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if status.position >= position { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return status.position >= position
    }

    private func run() async {
        var backoff = Duration.milliseconds(50)
        var position = GlobalPosition.start
        var needCheckpoint = true
        while !Task.isCancelled {
            do {
                if needCheckpoint {
                    position = try await handler.checkpoint()
                    needCheckpoint = false
                    status_.withLock { $0.position = position; $0.phase = .running }
                }
                let page = try await store.readAll(from: position.next, limit: pageSize)
                if page.isEmpty {
                    let head = try await store.stats().headPosition
                    if head < position {
                        // The store went backwards (reset): the read model describes events
                        // the store no longer has, and new events would be skipped until the
                        // head passed the old checkpoint. Rebuild from the first event.
                        throw EventStoreError.storeReset(previousHead: position, head: head)
                    }
                    status_.withLock { $0.head = head; $0.lastError = nil }
                    lag.record(max(0, head.value - position.value))
                    if head <= position {
                        try await store.waitForEvents(after: position, timeout: .seconds(1))
                    }
                    continue
                }
                try await handler.handle(page)
                position = page[page.count - 1].position
                let behind = status_.withLock { s in
                    s.position = position
                    s.head = max(s.head, position)
                    s.lastError = nil
                    return s.lag
                }
                lag.record(behind)
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
                    return
                }
            } catch {
                if Task.isCancelled { break }
                status_.withLock { $0.lastError = String(describing: error) }
                failures.increment()
                logger.error("handler failed; retrying from its checkpoint", metadata: ["handler": "\(handler.name)", "position": "\(position.value)", "error": "\(error)", "retry_in": "\(backoff)"])
                // The handler's own checkpoint is the truth after a failure.
                needCheckpoint = true
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
        status_.withLock { $0.phase = .stopped }
    }
}
