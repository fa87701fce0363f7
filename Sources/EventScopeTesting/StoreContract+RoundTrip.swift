import EventScope
import Foundation
import Testing

/// An event made of the values that commonly change through JSON or a store: dates with
/// sub-millisecond fractions, integers past 2⁵³, decimals with more digits than a `Double`
/// holds, nested optionals, text with escapes.
struct ContractEdgeEvent: DomainEvent, Equatable {
    static let eventType: EventType = "contract.edges"
    var at: Date
    var dates: [Date]
    var big: Int64
    var unsigned: UInt64
    var amount: Decimal
    var ratio: Double
    var note: String?
    var nested: [String: Int?]
    var missing: Int?

    static let sample = ContractEdgeEvent(
        at: Date(timeIntervalSince1970: 1_764_863_407.123_456),
        dates: [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_764_863_407.5), Date(timeIntervalSince1970: -1.25)],
        big: .max, unsigned: 9_007_199_254_740_993, amount: Decimal(string: "12345678901234567890.123456789")!,
        ratio: 0.1 + 0.2, note: "tab\there \"quoted\" \u{1B}[31m 日本", nested: ["some": 7, "none": nil], missing: nil)
}

extension StoreContract {
    static var roundTripChecks: [Check] {
        [
            check("events survive the store exactly: what append returns is what every read returns, and decodes to the event written") { store in
                var codec = EventCodec()
                codec.register(ContractEdgeEvent.self)
                let proposed = try codec.propose(
                    ContractEdgeEvent.sample,
                    metadata: EventMetadata(correlationID: UUID(), causationID: UUID(), commandID: UUID(), custom: ["who": "ada"]))
                let appended = try await store.append([proposed], to: "edge-1", expected: .noStream)
                let fromStream = try #require(try await store.read("edge-1", from: 1, limit: 1).first)
                let fromAll = try #require(try await store.readAll(from: 1, limit: 1).first)
                // The instance that decided folds what append returned; every later load folds
                // what a read returns: they must be the same record, to the last fraction of
                // `recordedAt`.
                #expect(appended.events.first == fromStream, "append returned \(String(describing: appended.events.first)), a read returned \(fromStream)")
                #expect(fromAll == fromStream)
                #expect(fromStream.data == proposed.data, "the data bytes changed in the store")
                guard case .event(let decoded) = codec.decode(fromStream) else {
                    Issue.record("the stored event does not decode: \(codec.decode(fromStream))")
                    return
                }
                #expect(decoded as? ContractEdgeEvent == ContractEdgeEvent.sample, "came back as \(decoded)")
            }
        ]
    }
}
