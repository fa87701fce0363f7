import EventScopeDemo
import EventScope
import EventScopeTesting
import Foundation
import EventScopeRedis
import Testing

/// Appends whose outcome is unknown (the reply was lost and the store could not learn the
/// outcome in time), at store and engine level, through the reply-cutting proxy.
@Suite("Redis in-doubt appends", .serialized)
struct RedisInDoubtTests {
    /// A store on the shared server, reached through a proxy that can drop replies.
    private static func proxiedStore(inDoubtLimit: Duration = .milliseconds(600)) async throws
        -> (proxy: ReplyCuttingProxy, store: RedisEventStore, direct: RedisEventStore)
    {
        let upstream = try #require(URL(string: TestRedis.url)?.port)
        let proxy = try ReplyCuttingProxy(upstreamPort: upstream)
        let prefix = "test-doubt-\(UUID().uuidString.prefix(8))"
        let store = try await RedisEventStore.open("\(proxy.url)?prefix=\(prefix)&connections=1", inDoubtLimit: inDoubtLimit)
        let direct = try await RedisEventStore.open("\(TestRedis.url)?prefix=\(prefix)")
        return (proxy, store, direct)
    }

    /// Invariant: an append whose outcome is unknown is reported as in doubt, never as
    /// "nothing written" (`.unavailable`) — here the append did land.
    @Test func anAppendWhoseReplyStaysLostPastTheLimitIsInDoubtNotUnavailable() async throws {
        let (proxy, store, direct) = try await Self.proxiedStore()
        defer { Task { await store.close(); await direct.close() } }
        _ = try await store.append(StoreFixtures.events(1), to: "pay-1", expected: .noStream)

        proxy.cutEveryReply(true)
        let batch = StoreFixtures.events(2)
        let error = await #expect(throws: EventStoreError.self) {
            try await store.append(batch, to: "pay-1", expected: .exact(1))
        }
        proxy.cutEveryReply(false)
        #expect(proxy.cutCount >= 1, "no reply was cut: the test proved nothing")
        guard case .inDoubt(let stream, let message)? = error else {
            Issue.record("expected .inDoubt, got \(String(describing: error))")
            return
        }
        #expect(stream == "pay-1")
        #expect(message.contains("unreachable"), "\(message)")
        // It was right to doubt: the script may have run (it usually has: the proxy cuts the
        // reply, not the request); if it did, the events are stored once, whole.
        let stored = try await direct.read("pay-1", from: 1, limit: 10).map(\.eventID)
        #expect(stored.count == 1 || (stored.count == 3 && Array(stored.suffix(2)) == batch.map(\.eventID)), "\(stored)")

        // Appending the same events again once the server is reachable lands nothing new.
        let again = try await retryingWhileUnreachable { try await store.append(batch, to: "pay-1", expected: .exact(1)) }
        #expect(again.events.map(\.eventID) == batch.map(\.eventID))
        #expect(again.events.map(\.version) == [2, 3])
        #expect(try await direct.stats().eventCount == 3)
    }

    /// Invariant: `.unavailable` means nothing was written — only when no attempt reached the
    /// server (here the server is gone before the append is sent).
    @Test func anAppendThatNeverReachedTheServerIsUnavailable() async throws {
        let server = try PrivateRedisServer(persistent: false)
        try await server.start()
        let store = try await RedisEventStore.open(server.url, inDoubtLimit: .milliseconds(300))
        defer { Task { await store.close() } }
        server.stop()
        let error = await #expect(throws: EventStoreError.self) {
            try await store.append(StoreFixtures.events(1), to: "pay-1", expected: .any)
        }
        guard case .unavailable? = error else {
            Issue.record("expected .unavailable, got \(String(describing: error))")
            return
        }
    }

    /// Invariant (engine level, needs the engine's command-id work): a command whose append is
    /// in doubt fails with `CommandError.inDoubt`; resent with the same command id once the
    /// server answers, it is applied exactly once.
    @Test func aCommandInDoubtResentWithItsCommandIDIsAppliedOnce() async throws {
        let (proxy, store, direct) = try await Self.proxiedStore()
        defer { Task { await store.close(); await direct.close() } }
        let engine = Engine(store: store, catalog: DemoCatalog.make())
        defer { engine.shutdown() }
        _ = try await engine.execute(BankAccount.self, id: "a1", BankAccount.open(owner: "Ada"))
        _ = try await engine.execute(BankAccount.self, id: "a1", BankAccount.deposit(100))

        let commandID = UUID()
        let metadata = EventMetadata(commandID: commandID)
        proxy.cutEveryReply(true)
        let error = await #expect(throws: CommandError.self) {
            try await engine.execute(BankAccount.self, id: "a1", metadata: metadata, BankAccount.deposit(50))
        }
        proxy.cutEveryReply(false)
        if case .inDoubt(let stream, _)? = error {
            #expect(stream == BankAccount.stream("a1"))
        } else {
            Issue.record("expected CommandError.inDoubt, got \(String(describing: error))")
        }

        // The caller resends the same command (same command id) until the server answers.
        _ = try await retryingWhileUnreachable {
            try await engine.execute(BankAccount.self, id: "a1", metadata: metadata, BankAccount.deposit(50))
        }

        let codec = engine.codec
        let stored = try await direct.readStream(BankAccount.stream("a1"))
        let deposits = stored.compactMap { codec.decode($0).event as? MoneyDeposited }
        #expect(deposits.map(\.amount) == [100, 50], "deposits stored: \(deposits.map(\.amount))")
        let balance = BankAccount.fold(stored.compactMap { codec.decode($0).event }).balance
        #expect(balance == 150)
        #expect(try await engine.state(of: BankAccount.self, id: "a1").state.balance == 150)
    }
}

/// Runs `body` until it does not fail for want of a server (up to 15 s): the pool backs off
/// after the outage the proxy simulated.
func retryingWhileUnreachable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(15)
    while true {
        do {
            return try await body()
        } catch let error where ContinuousClock.now < deadline && isUnreachable(error) {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

private func isUnreachable(_ error: any Error) -> Bool {
    switch error {
    case EventStoreError.unavailable, EventStoreError.inDoubt: return true
    case CommandError.inDoubt: return true
    case CommandError.store: return true  // the engine reports an unreachable store this way
    default: return false
    }
}
