import Foundation
@testable import SQLiteEventStore
import Testing

@Suite("Row coding")
struct RowCodingTests {
    @Test("event ids parse by hand exactly as Foundation parses them", arguments: 0..<50)
    func uuids(_ seed: Int) {
        let id = UUID()
        #expect(EventRow.fastUUID(id.uuidString) == id)
        #expect(EventRow.fastUUID(id.uuidString.lowercased()) == id)
    }

    @Test("malformed ids are not parsed by hand", arguments: ["", "not-a-uuid", "0000000-0000-0000-0000-0000000000000", "G0000000-0000-0000-0000-000000000000"])
    func badUUIDs(_ text: String) {
        #expect(EventRow.fastUUID(text) == nil)
    }

    @Test("commit times round-trip through their stored text at millisecond precision")
    func timestamps() throws {
        for ms: Int64 in [0, 1, 999, 1_000, 1_764_265_807_123, 4_102_444_799_999] {
            let t = Timestamp(milliseconds: ms)
            let parsed = try #require(Timestamp(text: t.text))
            #expect(parsed.milliseconds == ms, "\(t.text)")
        }
        #expect(Timestamp(milliseconds: 1_764_265_807_123).text == "2025-11-27T17:50:07.123Z")
        #expect(Timestamp(text: "yesterday") == nil)
    }
}
