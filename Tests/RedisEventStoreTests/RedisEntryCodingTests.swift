import EventScope
import Foundation
import Testing

@testable import EventScopeRedis
@Suite("Redis event field coding")
struct RedisEntryCodingTests {
    @Test func entriesDecodeTheSameInPieces() throws {
        let id = UUID()
        func entry(_ position: Int, data: String) -> String {
            let fields = [
                "stream", "s-\(position % 3)", "version", "\(position)", "type", "t.happened", "event_id", id.uuidString,
                "data", data, "metadata", #"{"custom":{"k":"v"}}"#, "recorded_at", "1700000000123",
            ]
            return "*2\r\n$\(String(position).utf8.count + 2)\r\n\(position)-0\r\n*14\r\n"
                + fields.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
        }
        let reply = Array(("*3\r\n" + entry(1, data: "{}") + entry(2, data: "{\"n\":\"\r\n\"}") + entry(13, data: "")).utf8)
        let whole = try #require(reply.withUnsafeBytes { EntryDecoder.decodeList($0) })
        #expect(whole.map(\.position.value) == [1, 2, 13])
        #expect(whole.map(\.streamID) == ["s-1", "s-2", "s-1"])
        #expect(whole[1].data == Data("{\"n\":\"\r\n\"}".utf8))
        #expect(whole[0].metadata.custom == ["k": "v"])
        #expect(whole[0].recordedAt == Date(timeIntervalSince1970: 1_700_000_000.123))
        for piece in [1, 2, 7, 64] {
            var decoder = EntryDecoder()
            var have = 0
            var progress = EntryDecoder.Progress.needMore
            while progress == .needMore {
                have = min(reply.count, have + piece)
                progress = reply.withUnsafeBytes { decoder.feed(UnsafeRawBufferPointer(rebasing: $0[0..<have])) }
            }
            #expect(progress == .done(length: reply.count))
            #expect(decoder.events == whole)
        }
        for other in ["-ERR wrong type\r\n", "*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$6\r\nstream\r\n$1\r\ns\r\n", ":1\r\n"] {
            #expect(Array(other.utf8).withUnsafeBytes { EntryDecoder.decodeList($0) } == nil, "\(other)")
        }
    }

    @Test func commandsAreEncodedInRESP() {
        let command = RedisCommand([Data("SET".utf8), Data("k".utf8), Data([0, 13, 10, 255])])
        #expect(command.bytes == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n".utf8) + [0, 13, 10, 255] + [13, 10])
        #expect(RedisCommand("PING").bytes == Array("*1\r\n$4\r\nPING\r\n".utf8))
        var writer = RedisCommandWriter(count: 12)
        for i in 0..<12 { writer.add(Int64(i * 1000)) }
        #expect(String(decoding: writer.command.bytes.prefix(5), as: UTF8.self) == "*12\r\n")
        // Lengths at every number of digits, and arguments encoded once then reused.
        for length in [0, 1, 9, 10, 99, 100, 999, 1_000, 123_456] {
            let argument = Data(repeating: UInt8(ascii: "x"), count: length)
            #expect(RedisCommand([argument]).bytes == Array("*1\r\n$\(length)\r\n".utf8) + Array(argument) + [13, 10])
        }
        var fixed = RedisCommandWriter(count: 2)
        fixed.add("EVALSHA")
        fixed.add("abc")
        var reused = RedisCommandWriter(count: 3)
        reused.addEncoded(fixed.encodedArguments)
        reused.add("k")
        #expect(reused.command.bytes == RedisCommand("EVALSHA", "abc", "k").bytes)
    }
}
