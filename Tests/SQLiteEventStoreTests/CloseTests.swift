import EventScope
import EventScopeTesting
import Foundation
@testable import EventScopeSQLite
import Testing

@Suite("Closing the store")
struct CloseTests {
    /// Invariant: a closed store does no more work and says so. Waiters and subscriptions end
    /// at once with `unavailable("… closed")` instead of polling a store nobody uses, the
    /// change watcher stops, and reads and appends are refused with the same clear error.
    @Test("close wakes waiters, stops the watcher and subscriptions, and refuses reads and appends")
    func closeStopsEverything() async throws {
        let directory = TemporaryDirectory("close")
        defer { directory.remove() }
        let store = try await SQLiteEventStore.open(path: directory.path("events.sqlite"))
        _ = try await store.append(StoreContract.events(1), to: "c-1", expected: .noStream)

        let waiter = Task { try await store.waitForEvents(after: 1, timeout: .seconds(30)) }
        let subscription = Task {
            var seen = 0
            for try await _ in store.subscribeAll(from: 1) { seen += 1 }
            return seen
        }
        // Both are waiting, with the watcher polling for other processes' commits.
        let deadline = ContinuousClock.now + .seconds(5)
        while !store.watcher.isPolling, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(store.watcher.isPolling)

        let closedAt = ContinuousClock.now
        await store.close()
        func isClosedError(_ error: any Error) -> Bool {
            guard case .unavailable(let message) = error as? EventStoreError else { return false }
            return message.contains("closed") && message.contains(store.path)
        }
        let waited = await waiter.result
        #expect(throws: (any Error).self) { try waited.get() }
        if case .failure(let error) = waited { #expect(isClosedError(error), "\(error)") }
        let ended = Task { await subscription.result }
        let giveUp = Task {
            try await Task.sleep(for: .seconds(5))
            subscription.cancel()  // still following a closed store: stop it, and fail below
        }
        let followed = await ended.value
        giveUp.cancel()
        if case .failure(let error) = followed { #expect(isClosedError(error), "\(error)") } else { Issue.record("the subscription did not end with an error: \(followed)") }
        #expect(ContinuousClock.now - closedAt < .seconds(4), "the subscription ended only after the give-up")

        // The poller stops at its next turn and nothing starts it again.
        try await Task.sleep(for: .milliseconds(200))
        #expect(!store.watcher.isPolling)
        await #expect(throws: EventStoreError.self) { try await store.waitForEvents(after: 1, timeout: .seconds(30)) }
        #expect(!store.watcher.isPolling)

        for result in [
            await Result(catching: { try await store.readAll(from: 1, limit: 10) }).map { _ in () },
            await Result(catching: { try await store.read("c-1", from: 1, limit: 10) }).map { _ in () },
            await Result(catching: { try await store.stats() }).map { _ in () },
            await Result(catching: { try await store.append(StoreContract.events(1), to: "c-1", expected: .any) }).map { _ in () },
        ] {
            guard case .failure(let error) = result else { Issue.record("worked after close"); continue }
            #expect(isClosedError(error), "\(error)")
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
