import Foundation

/// `$all` from a position: stored events first, then live ones, with no gap and no duplicate.
///
/// Pull-based: the iterator reads a page from the store when its buffer is empty and waits
/// for the head to move when it has caught up. A consumer that is slow therefore costs one
/// page of memory, never a growing queue. Iteration ends (returns `nil`) when the task is
/// cancelled; store errors are thrown, and the consumer may subscribe again from the
/// position after the last event it saw. A store whose head went behind the events already
/// delivered (it was reset) throws ``EventStoreError/storeReset(previousHead:head:)``.
///
/// ```swift
/// for try await event in store.subscribeAll(from: checkpoint.next) {
///     try await apply(event)
/// }
/// ```
public struct EventSubscription: AsyncSequence, Sendable {
    /// Each element is one event of `$all`, in position order.
    public typealias Element = RecordedEvent

    let store: any EventStore
    let start: GlobalPosition
    let pageSize: Int
    let pollInterval: Duration

    /// Creates a subscription; nothing is read until iteration starts.
    /// - Parameters:
    ///   - store: the store to follow.
    ///   - from: the first position to deliver (inclusive).
    ///   - pageSize: how many events one store read fetches.
    ///   - pollInterval: the longest single wait for new events before reading again.
    public init(store: any EventStore, from: GlobalPosition, pageSize: Int = 512, pollInterval: Duration = .seconds(1)) {
        self.store = store
        self.start = from.value < 1 ? GlobalPosition(1) : from
        self.pageSize = pageSize
        self.pollInterval = pollInterval
    }

    /// Starts iterating from the subscription's first position.
    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, next: start, pageSize: pageSize, pollInterval: pollInterval)
    }

    /// Delivers the events of a subscription, one page read at a time.
    public struct Iterator: AsyncIteratorProtocol {
        let store: any EventStore
        /// The next position to deliver.
        var next: GlobalPosition
        let pageSize: Int
        let pollInterval: Duration
        var buffer: [RecordedEvent] = []
        var index = 0

        /// The next event, waiting for one to be committed if need be.
        /// - Returns: the event, or `nil` once the task is cancelled.
        /// - Throws: the store's errors (subscribe again after the last event seen), and
        ///   ``EventStoreError/storeReset(previousHead:head:)`` when the store's head went
        ///   behind the events already delivered.
        public mutating func next() async throws -> RecordedEvent? {
            while true {
                if Task.isCancelled { return nil }
                if index < buffer.count {
                    let event = buffer[index]
                    index += 1
                    next = event.position.next
                    return event
                }
                buffer = try await store.readAll(from: next, limit: pageSize)
                index = 0
                if buffer.isEmpty {
                    // A head behind what was delivered means the store went backwards: say so
                    // rather than wait for positions that may never mean the same again.
                    let delivered = GlobalPosition(next.value - 1)
                    // (A failed look is no news: the reads above decide how outages are met.)
                    if let head = try? await store.stats().headPosition, head < delivered {
                        throw EventStoreError.storeReset(previousHead: delivered, head: head)
                    }
                    try await store.waitForEvents(after: delivered, timeout: pollInterval)
                }
            }
        }
    }
}
