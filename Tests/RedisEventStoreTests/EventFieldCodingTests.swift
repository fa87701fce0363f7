import EventScope
import Foundation
import Testing

@testable import EventScopeRedis
@Suite("Redis event field coding")
struct EventFieldCodingTests {
    @Test func uuidTextRoundTripsAndMatchesFoundation() {
        for _ in 0..<100 {
            let id = UUID()
            let text = UUIDText.bytes(id)
            #expect(String(decoding: text, as: UTF8.self) == id.uuidString)
            #expect(UUIDText.parse(Data(text)) == id)
            #expect(UUIDText.parse(Data(id.uuidString.lowercased().utf8)) == id)
        }
        for bad in ["", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8xC36C-495A-93FC-0C247A3E6E5F", "G621E1F8-C36C-495A-93FC-0C247A3E6E5F"] {
            #expect(UUIDText.parse(Data(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test(arguments: [
        EventMetadata(),
        EventMetadata(correlationID: UUID()),
        EventMetadata(causationID: UUID()),
        EventMetadata(correlationID: UUID(), causationID: UUID()),
        EventMetadata(correlationID: UUID(), custom: ["user": "ada", "note": "quote \" slash / tab \t"]),
    ])
    func metadataRoundTripsAndIsPlainJSON(_ metadata: EventMetadata) throws {
        let bytes = Data(MetadataJSON.encode(metadata))
        #expect(MetadataJSON.decode(bytes) == metadata)
        #expect(EventMetadata.fromJSON(bytes) == metadata)
        #expect(try JSONSerialization.jsonObject(with: bytes) is [String: Any])
        // And what the engine's own encoder writes reads back the same.
        #expect(MetadataJSON.decode(metadata.jsonData()) == metadata)
    }

    @Test func metadataWrittenByOthersStillReads() {
        let id = UUID()
        let spaced = Data(#"{ "correlation_id" : "\#(id.uuidString)" }"#.utf8)
        #expect(MetadataJSON.decode(spaced) == EventMetadata(correlationID: id))
        #expect(MetadataJSON.decode(Data("not json".utf8)) == EventMetadata())
    }

    /// Invariant: the hand-written metadata reader and Foundation's decoder agree on every
    /// input, what the store writes (custom pairs, escapes, non-ASCII) and what it never does
    /// (other keys, repeated keys, numbers, bad escapes, bytes that are not UTF-8).
    @Test func metadataReaderAgreesWithFoundation() {
        let id = UUID().uuidString
        let lower = UUID().uuidString.lowercased()
        var inputs: [[UInt8]] = [
            "{}", " { } ", #"{"correlation_id":"\#(id)"}"#, #"{"causation_id":"\#(id)","correlation_id":"\#(lower)"}"#,
            #"{"command_id":"\#(id)","custom":{"source":"eventscope demo"}}"#,
            #"{"correlation_id":"\#(id)","custom":{"a":"1","b":"x \" \\ \/ \n \t \u00e9 \ud83d\ude00 é"}}"#,
            #"{"custom":null,"correlation_id":null}"#, #"{"custom":{}}"#,
            #"{"correlation_id":"\#(id)","correlation_id":"\#(id)"}"#, #"{"custom":{"a":"1","a":"2"}}"#,
            #"{"other":1}"#, #"{"custom":{"n":1}}"#, #"{"correlation_id":"not-a-uuid"}"#, #"{"custom":{"a":"\x"}}"#,
            #"{"custom":{"a":"\ud83d"}}"#, #"{"custom":{"a":"b"}"#, #"{"custom":{"a":"b"}} x"#, "", "not json", "[]",
            #"{"correlation_id":"\#(id)",}"#, #"{"custom":{"\u0061":"b"}}"#,
        ].map { Array($0.utf8) }
        inputs.append(Array(#"{"custom":{"a":""#.utf8) + [0xFF, 0xFE] + Array(#""}}"#.utf8))
        inputs.append(Array(#"{"custom":{"a":""#.utf8) + [0x01] + Array(#""}}"#.utf8))
        for input in inputs {
            let data = Data(input)
            #expect(MetadataJSON.decode(data) == EventMetadata.fromJSON(data), "\(String(decoding: input, as: UTF8.self))")
        }
        // The shapes the store writes are read by hand, not by Foundation.
        let written = EventMetadata(
            correlationID: UUID(), causationID: UUID(), commandID: UUID(), custom: ["user": "ada", "note": "é \" \n"])
        #expect(written.jsonData().withUnsafeBytes { MetadataJSON.fastDecode($0) } == written)
    }

    /// Invariant: a reply decoded as its bytes arrive, in pieces of any size, gives the same
    /// events as the whole reply at once; anything else is left to the tree reader.
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
    }
}
