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

    @Test func commandsAreEncodedInRESP() {
        let command = RedisCommand([Data("SET".utf8), Data("k".utf8), Data([0, 13, 10, 255])])
        #expect(command.bytes == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n".utf8) + [0, 13, 10, 255] + [13, 10])
        #expect(RedisCommand("PING").bytes == Array("*1\r\n$4\r\nPING\r\n".utf8))
        var writer = RedisCommandWriter(count: 12)
        for i in 0..<12 { writer.add(Int64(i * 1000)) }
        #expect(String(decoding: writer.command.bytes.prefix(5), as: UTF8.self) == "*12\r\n")
    }
}
