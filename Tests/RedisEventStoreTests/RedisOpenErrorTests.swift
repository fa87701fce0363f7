import EventScope
import Foundation
import EventScopeRedis
import Testing

/// Opening a store fails with a message that says what is wrong and what to do.
@Suite("Redis open errors", .serialized)
struct RedisOpenErrorTests {
    private func openError(_ url: String) async -> EventStoreError? {
        do {
            let store = try await RedisEventStore.open(url)
            await store.close()
            return nil
        } catch let error as EventStoreError {
            return error
        } catch {
            Issue.record("not an EventStoreError: \(error)")
            return nil
        }
    }

    @Test func refusedConnectionIsUnavailableAndNamesTheAddress() async throws {
        let port = try freeLoopbackPort()
        let error = await openError("redis://127.0.0.1:\(port)")
        guard case .unavailable(let message) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("127.0.0.1:\(port) is unreachable"))
        #expect(message.contains("refused"))
        #expect(message.contains("redis-server is running"))
    }

    @Test func anHTTPServerIsNotRedis() async throws {
        let http = try FakeTCPServer(answer: "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        let error = await openError(http.url)
        guard case .invalid(let message) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("does not answer like a Redis server"))
        #expect(message.contains("127.0.0.1:\(http.port)"))
    }

    @Test func aSilentServerTimesOutWithAClearMessage() async throws {
        let silent = try FakeTCPServer(answer: nil)
        let clock = ContinuousClock()
        let started = clock.now
        let error = await openError(silent.url)
        #expect(clock.now - started < .seconds(5))
        guard case .unavailable(let message) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(message.contains("did not answer a Redis PING"))
    }

    @Test func passwordsAreCheckedAndNeverShown() async throws {
        let server = try PrivateRedisServer(persistent: false, extraArguments: ["--requirepass", "s3cret"])
        try await server.start()
        defer { server.stop() }

        guard case .invalid(let missing) = await openError(server.url) else { Issue.record("no password accepted"); return }
        #expect(missing.contains("requires a password"))
        #expect(missing.contains("redis://:PASSWORD@127.0.0.1:\(server.port)"))

        let wrong = await openError("redis://:nope@127.0.0.1:\(server.port)")
        guard case .invalid(let wrongMessage) = wrong else { Issue.record("wrong password accepted: \(String(describing: wrong))"); return }
        #expect(wrongMessage.contains("refused the credentials"))

        for url in ["redis://:s3cret@127.0.0.1:\(server.port)", "redis://default:s3cret@127.0.0.1:\(server.port)"] {
            let store = try await RedisEventStore.open(url)
            _ = try await store.append([ProposedEvent(type: "t", data: Data("{}".utf8))], to: "a-1", expected: .any)
            #expect(!store.displayName.contains("s3cret"))
            await store.close()
        }
    }

    @Test func selectsTheDatabaseInThePath() async throws {
        let prefix = "test-db-\(UUID().uuidString.prefix(8))"
        let one = try await RedisEventStore.open("\(TestRedis.url)/1?prefix=\(prefix)")
        let zero = try await RedisEventStore.open("\(TestRedis.url)/0?prefix=\(prefix)")
        _ = try await one.append([ProposedEvent(type: "t", data: Data("{}".utf8))], to: "a-1", expected: .any)
        #expect(try await one.stats().eventCount == 1)
        #expect(try await zero.stats().eventCount == 0)
        await one.close()
        await zero.close()

        guard case .invalid(let message) = await openError("\(TestRedis.url)/99") else { Issue.record("database 99 accepted"); return }
        #expect(message.contains("cannot select database 99"))
    }
}
