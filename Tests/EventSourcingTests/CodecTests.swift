@testable import EventScope
import Foundation
import Testing

struct NameChanged: DomainEvent, Equatable {
    static let eventType: EventType = "person.name-changed"
    var first: String
    var last: String
}

@Suite("EventCodec")
struct CodecTests {
    func codec() -> EventCodec {
        var c = EventCodec()
        c.register(NameChanged.self)
        return c
    }

    @Test("events encode with their stable tag and sorted keys, and decode back")
    func roundTrip() throws {
        let (type, data) = try codec().encode(NameChanged(first: "Ada", last: "Lovelace"))
        #expect(type == "person.name-changed")
        #expect(String(decoding: data, as: UTF8.self) == #"{"first":"Ada","last":"Lovelace"}"#)
        let decoded = codec().decode(type, data: data).event as? NameChanged
        #expect(decoded == NameChanged(first: "Ada", last: "Lovelace"))
    }

    @Test("an unknown tag is returned raw, never a crash")
    func unknownType() {
        let raw = Data(#"{"x":1}"#.utf8)
        guard case .unknownType(let t, let d) = codec().decode("mystery.happened", data: raw) else {
            Issue.record("expected unknownType")
            return
        }
        #expect(t == "mystery.happened" && d == raw)
    }

    @Test("undecodable bytes are returned raw with the reason")
    func undecodable() {
        guard case .undecodable(_, let d, let reason) = codec().decode("person.name-changed", data: Data(#"{"first":"A"}"#.utf8)) else {
            Issue.record("expected undecodable")
            return
        }
        #expect(String(decoding: d, as: UTF8.self) == #"{"first":"A"}"#)
        #expect(reason.contains("last"))
        guard case .undecodable(_, _, let r2) = codec().decode("person.name-changed", data: Data("not json".utf8)) else {
            Issue.record("expected undecodable")
            return
        }
        #expect(r2.contains("JSON"))
    }

    @Test("an upcaster reads old-shape data stored under an old tag as the new event")
    func upcasting() {
        var c = codec()
        // v1 stored {"name": "Ada Lovelace"} under "person.renamed".
        c.registerUpcaster(from: "person.renamed", to: "person.name-changed") { object in
            let parts = (object["name"] as? String ?? "").split(separator: " ", maxSplits: 1).map(String.init)
            return ["first": parts.first ?? "", "last": parts.count > 1 ? parts[1] : ""]
        }
        let old = Data(#"{"name":"Ada Lovelace"}"#.utf8)
        #expect(c.decode("person.renamed", data: old).event as? NameChanged == NameChanged(first: "Ada", last: "Lovelace"))
    }
}

@Suite("CommandCatalog")
struct CatalogTests {
    @Test("parses the send grammar, with quotes")
    func parse() throws {
        let p = try CommandCatalog.parse(#"open account-7 owner="Ada Lovelace""#)
        #expect(p == ParsedCommand(name: "open", stream: "account-7", fields: ["owner": "Ada Lovelace"]))
        #expect(throws: CommandError.self) { try CommandCatalog.parse("increment") }
        #expect(throws: CommandError.syntax("expected FIELD=VALUE, got \"amount\"")) { try CommandCatalog.parse("add tally-1 amount") }
        #expect(throws: CommandError.syntax("unterminated quote")) { try CommandCatalog.parse("open a-1 owner=\"Ada") }
    }

    @Test("validation names exactly what is wrong, before anything runs")
    func validate() {
        let c = tallyCatalog()
        #expect(throws: CommandError.unknownCommand(name: "frobnicate", category: "tally", available: ["open", "add"])) {
            try c.validate(command: "frobnicate", stream: "tally-1", fields: [:])
        }
        #expect(throws: CommandError.unknownCategory("nope", available: ["tally"])) {
            try c.validate(command: "open", stream: "nope-1", fields: [:])
        }
        #expect(throws: CommandError.invalidStream("tally")) { try c.validate(command: "open", stream: "tally", fields: [:]) }
        #expect(throws: CommandError.invalidField(field: "amount", reason: "expected a whole number, got \"ten\"")) {
            try c.validate(command: "add", stream: "tally-1", fields: ["amount": "ten"])
        }
        #expect(throws: CommandError.invalidField(field: "amount", reason: "missing (how much)")) {
            try c.validate(command: "add", stream: "tally-1", fields: [:])
        }
        #expect(throws: CommandError.invalidField(field: "colour", reason: "unknown field; add takes amount")) {
            try c.validate(command: "add", stream: "tally-1", fields: ["amount": "1", "colour": "red"])
        }
    }

    @Test("text commands run through the engine; malformed ones append nothing")
    func sendText() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        _ = try await engine.send(command: "open", stream: "tally-t", fields: [:])
        let r = try await engine.send(command: "add", stream: "tally-t", fields: ["amount": "7"])
        #expect(r.version == 2)
        #expect(String(decoding: r.events[0].data, as: UTF8.self) == #"{"amount":7}"#)
        await #expect(throws: CommandError.self) { try await engine.send(command: "add", stream: "tally-t", fields: ["amount": "x"]) }
        #expect(try await store.stats().eventCount == 2)
        let folded = tallyCatalog().aggregates["tally"]!.fold(try await store.readStream("tally-t"), codec: engine.codec)
        #expect(String(decoding: folded.json, as: UTF8.self).contains(#""total" : 7"#))
    }
}

@Suite("StateFolder")
struct StateFolderTests {
    @Test("a copied folder is a checkpoint: folding on from it equals folding from version 1")
    func checkpoints() async throws {
        let store = InMemoryEventStore()
        let engine = Engine(store: store, catalog: tallyCatalog())
        _ = try await engine.execute(Tally.self, id: "s", Tally.open)
        for i in 1...30 { _ = try await engine.execute(Tally.self, id: "s", Tally.add(i)) }
        let events = try await store.readStream("tally-s")
        let descriptor = try #require(engine.catalog.aggregates["tally"])
        var folder = descriptor.folder()
        folder.apply(events[..<10], codec: engine.codec)
        let checkpoint = folder
        folder.apply(events[10...], codec: engine.codec)
        #expect(folder.folded == descriptor.fold(events, codec: engine.codec))
        #expect(folder.folded.version == 31)
        var again = checkpoint
        #expect(again.folded.version == 10)
        again.apply(events[10..<20], codec: engine.codec)
        #expect(again.folded == descriptor.fold(events[..<20], codec: engine.codec))
        #expect(String(decoding: again.folded.json, as: UTF8.self).contains(#""total" : 190"#))
    }
}

@Suite("Event ids")
struct EventIDTests {
    @Test("event ids are random version-4 UUIDs with the RFC 4122 variant, and do not repeat")
    func randomV4() {
        let ids = (0..<10_000).map { _ in UUID.randomV4() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let text = id.uuidString
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
            #expect(UUID(uuidString: text) == id)
        }
        #expect(ProposedEvent(type: "t", data: Data()).eventID != ProposedEvent(type: "t", data: Data()).eventID)
    }

    /// Invariant: ids drawn at once from many tasks (their random bits come from one shared
    /// pool of system-random bytes, refilled 4 KiB at a time) never repeat, are version 7 with
    /// the RFC 4122 variant, and their random parts are not constant (the pool is refilled, not
    /// reused).
    @Test("time-ordered ids drawn concurrently past many refills of the random pool never repeat")
    func timeOrderedConcurrently() async {
        let perTask = 5_000
        let ids = await withTaskGroup(of: [UUID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<perTask).map { _ in UUID.timeOrdered() } } }
            return await group.reduce(into: [UUID]()) { $0 += $1 }
        }
        #expect(ids.count == 8 * perTask)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.uuid.6 >> 4 == 7 && $0.uuid.8 >> 6 == 0b10 })
        // The last eight bytes (random but for the variant bits) take many values.
        #expect(Set(ids.map { withUnsafeBytes(of: $0.uuid) { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) } }).count == ids.count)
    }
}
