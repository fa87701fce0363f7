import EventScope
import EventScopeTesting
import Foundation
import EventScopeRedis
import Testing

/// A tally that accepts an addition only while its total is below 500.
enum Tally: Aggregate {
    struct State: Codable, Sendable, Equatable {
        var total = 0
    }
    static let category = "tally"
    static let initialState = State()
    static let limit = 500

    static func registerEvents(in codec: inout EventCodec) {
        codec.register(Added.self)
    }

    static func apply(_ event: any DomainEvent, to state: State) -> State {
        guard let e = event as? Added else { return state }
        return State(total: state.total + e.amount)
    }

    /// The domain rule: add only while the total is below 500.
    static func add(_ amount: Int) -> Decision<Tally> {
        Decision { state in
            guard state.total < limit else { throw DomainError("total is \(state.total), not below \(limit)") }
            return [Added(amount: amount)]
        }
    }

    struct Added: DomainEvent, Equatable {
        static let eventType: EventType = "tally.added"
        var amount: Int
    }

    static func catalog() -> CommandCatalog {
        var catalog = CommandCatalog()
        catalog.register(Tally.self, help: "adds while below 500")
        return catalog
    }

    /// Each addition's total before it, replayed from the stored stream.
    static func totalsBeforeEachAddition(_ stored: [RecordedEvent], codec: EventCodec) -> [Int] {
        var total = 0
        var before: [Int] = []
        for r in stored {
            guard let e = codec.decode(r).event as? Added else { continue }
            before.append(total)
            total += e.amount
        }
        return before
    }
}

/// A retried append finds its events stored while another process wrote after them.
@Suite("Redis lost reply and a foreign write", .serialized)
struct RedisLostReplyForeignWriteTests {
    /// Store side. Invariant: the idempotent answer to a retried append carries the events as
    /// stored, with their real versions and positions; `version` is the stream's current
    /// version (which may include other writers' events), so it must not be taken as the
    /// version of the caller's own events.
    @Test func theRetriedAppendReturnsTheStoredEventsWithTheirRealVersions() async throws {
        let upstream = try #require(URL(string: TestRedis.url)?.port)
        let proxy = try ReplyCuttingProxy(upstreamPort: upstream)
        let prefix = "test-foreign-\(UUID().uuidString.prefix(8))"
        let store = try await RedisEventStore.open("\(proxy.url)?prefix=\(prefix)&connections=1")
        let foreign = try await RedisEventStore.open("\(TestRedis.url)?prefix=\(prefix)")
        defer { Task { await store.close(); await foreign.close() } }

        let mine = StoreFixtures.events(2)
        proxy.cutNextReply(then: {
            blockingRun {
                // The cut reply may be the script load's of a pipeline whose append runs a
                // moment later: wait until the append has run.
                let deadline = ContinuousClock.now + .seconds(5)
                while try await foreign.currentVersion(of: "t-1") < 2, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(2))
                }
                _ = try await foreign.append(StoreFixtures.events(3), to: "t-1", expected: .exact(2))
            }
        })
        let result = try await store.append(mine, to: "t-1", expected: .noStream)
        #expect(proxy.cutCount == 1, "the reply was not cut: the test proved nothing")
        #expect(result.events.map(\.eventID) == mine.map(\.eventID))
        #expect(result.events.map(\.version) == [1, 2])
        #expect(result.events.map(\.position) == [1, 2])
        #expect(result.version == 5, "the stream's current version, foreign events included")
        #expect(try await foreign.stats().eventCount == 5)
    }

    /// Engine level (needs the engine's fix: an instance labels its state with the version of
    /// its own events). Invariant: every outcome is decided against state that committed —
    /// engine A's reply is lost while engine B (another process on the same prefix) adds; A's
    /// next command must see B's addition and respect "add only while the total is below 500".
    @Test func afterALostReplyAndAForeignWriteTheNextCommandSeesTheRealTotal() async throws {
        let upstream = try #require(URL(string: TestRedis.url)?.port)
        let proxy = try ReplyCuttingProxy(upstreamPort: upstream)
        let prefix = "test-foreign-\(UUID().uuidString.prefix(8))"
        let storeA = try await RedisEventStore.open("\(proxy.url)?prefix=\(prefix)&connections=1")
        let storeB = try await RedisEventStore.open("\(TestRedis.url)?prefix=\(prefix)")
        defer { Task { await storeA.close(); await storeB.close() } }
        let engineA = Engine(store: storeA, catalog: Tally.catalog())
        let engineB = Engine(store: storeB, catalog: Tally.catalog())
        defer {
            engineA.shutdown()
            engineB.shutdown()
        }

        // Both instances are loaded (so the cut below hits A's append, not its first read).
        _ = try await engineA.state(of: Tally.self, id: "1")
        _ = try await engineB.state(of: Tally.self, id: "1")
        // A adds 400; its reply is lost, and before A retries, B (total 400 < 500) adds 602.
        proxy.cutNextReply(then: {
            blockingRun {
                let deadline = ContinuousClock.now + .seconds(5)
                while try await storeB.currentVersion(of: Tally.stream("1")) < 1, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(2))
                }
                _ = try await engineB.execute(Tally.self, id: "1", Tally.add(602))
            }
        })
        _ = try await engineA.execute(Tally.self, id: "1", Tally.add(400))
        #expect(proxy.cutCount == 1, "the reply was not cut: the test proved nothing")

        // The stored total is 1,002: A must refuse.
        let next = await #expect(throws: CommandError.self) {
            try await engineA.execute(Tally.self, id: "1", Tally.add(300))
        }
        if let next, case .refused = next {} else { Issue.record("expected a refusal, got \(String(describing: next))") }

        let stored = try await storeB.readStream(Tally.stream("1"))
        let before = Tally.totalsBeforeEachAddition(stored, codec: engineA.codec)
        #expect(before.allSatisfy { $0 < Tally.limit }, "an addition was accepted at totals \(before)")
        #expect(try await engineA.state(of: Tally.self, id: "1").state.total == 1_002)
    }
}

/// Runs async work to completion from a plain thread (the proxy's pump thread), blocking it.
func blockingRun(_ body: @escaping @Sendable () async throws -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        do { try await body() } catch { Issue.record("work during the lost reply failed: \(error)") }
        done.signal()
    }
    done.wait()
}
