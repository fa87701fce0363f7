import EventScope
import Testing

@testable import EventScopeRedis
@Suite("Redis store URLs")
struct RedisURLTests {
    @Test func parsesEveryPart() throws {
        let url = try RedisStoreURL("redis://ada:p%40ss@db.example:6380/3?prefix=shop&connections=8")
        #expect(url.host == "db.example")
        #expect(url.port == 6380)
        #expect(url.user == "ada")
        #expect(url.password == "p@ss")
        #expect(url.database == 3)
        #expect(url.prefix == "shop")
        #expect(url.connections == 8)
        #expect(url.redacted == "redis://ada@db.example:6380/3?prefix=shop&connections=8")
    }

    @Test func defaultsAndPasswordOnly() throws {
        let url = try RedisStoreURL("redis://:secret@localhost")
        #expect(url.host == "127.0.0.1" && url.port == 6379 && url.database == 0)
        #expect(url.user == nil && url.password == "secret")
        #expect(url.prefix == "eventscope")
        #expect(url.redacted == "redis://127.0.0.1:6379")
        let v6 = try RedisStoreURL("redis://[::1]:7000/")
        #expect(v6.host == "::1" && v6.port == 7000 && v6.address == "[::1]:7000")
    }

    @Test(arguments: [
        ("redis://", "no host"),
        ("redis://host:99999", "port"),
        ("redis://host:abc", "port"),
        ("redis://host/x", "database"),
        ("redis://host?prefix=", "prefix"),
        ("redis://host?colour=red", "unknown option \"colour\""),
        ("redis://secret@host", "after a colon"),
        ("http://host", "must start with redis://"),
    ])
    func rejectsBadURLs(_ text: String, _ reason: String) {
        #expect {
            try RedisStoreURL(text)
        } throws: { error in
            guard case EventStoreError.invalid(let message) = error else { return false }
            return message.contains(reason) && message.contains("redis://[[user]:password@]host")
        }
    }

    @Test func messagesNeverShowThePassword() {
        #expect {
            try RedisStoreURL("redis://ada:hunter2@host:nope")
        } throws: { error in
            "\(error)".contains("redis://ada:***@host:nope") && !"\(error)".contains("hunter2")
        }
    }
}
