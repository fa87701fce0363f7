import EventScope
import EventScopeTesting
import Foundation
import Testing

// An adopter's aggregate with the types that used to change on reload: dates with fractional
// seconds, the largest integers, decimals, and the refusals of its own type.

struct Reserved: DomainEvent, Equatable {
    static let eventType: EventType = "slot.reserved"
    var at: Date
    var big: Int64
    var huge: UInt64
    var price: Decimal
    var note: String?
}

enum SlotRefusal: DomainRefusal, Equatable {
    case taken(by: String)
    var message: String {
        switch self {
        case .taken(let by): return "taken by \(by)"
        }
    }
}

struct DecisionBug: Error {}

enum Slot: Aggregate {
    struct State: Codable, Sendable, Equatable { var reserved: [Reserved] = [] }
    static let category = "slot"
    static let initialState = State()
    static func registerEvents(in codec: inout EventCodec) { codec.register(Reserved.self) }
    static func apply(_ event: any DomainEvent, to state: State) -> State {
        guard let e = event as? Reserved else { return state }
        return State(reserved: state.reserved + [e])
    }
    static func reserve(_ e: Reserved) -> Decision<Slot> { Decision { _ in [e] } }
    static let refuse = Decision<Slot> { _ in throw SlotRefusal.taken(by: "Ada") }
    static let bug = Decision<Slot> { _ in throw DecisionBug() }
    static let unencodable = Decision<Slot> { _ in [Unencodable()] }
}

struct Unencodable: DomainEvent {
    static let eventType: EventType = "slot.unencodable"
    func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "cannot be written"))
    }
    init() {}
    init(from decoder: any Decoder) throws {}
}

struct DoubleOptional: DomainEvent {
    static let eventType: EventType = "slot.double-optional"
    var value: Int??
}

@Suite("Adopter's types: exact round trips, typed errors")
struct AdopterTypesTests {
    static let sample = Reserved(
        at: Date(timeIntervalSinceReferenceDate: 786_543_210.123_456_7), big: .max, huge: .max,
        price: Decimal(string: "12345678901234567890.123456789")!, note: nil)

    @Test("a date with fractional seconds, the largest integers and a decimal survive a reload")
    func reloadKeepsState() async throws {
        let store = InMemoryEventStore()
        var catalog = CommandCatalog()
        catalog.register(Slot.self, help: "a slot")
        let first = Engine(store: store, catalog: catalog)
        let now = Reserved(at: Date(), big: .min, huge: .max, price: Decimal(string: "0.1")!, note: "x")
        _ = try await first.execute(Slot.self, id: "1", Slot.reserve(Self.sample))
        _ = try await first.execute(Slot.self, id: "1", Slot.reserve(now))
        let resident = try await first.state(of: Slot.self, id: "1").state
        first.shutdown()
        let reloaded = try await Engine(store: store, catalog: catalog).state(of: Slot.self, id: "1").state
        #expect(resident == reloaded)
        #expect(reloaded.reserved == [Self.sample, now])
    }

    @Test("dates are written with every fractional digit, and dates stored in whole seconds still read")
    func dateFormat() throws {
        var codec = EventCodec()
        Slot.registerEvents(in: &codec)
        let (_, data) = try codec.encode(Self.sample)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains(#""at":"2025-12-04T12:13:30.12345671"#), "\(json)")
        let old = #"{"at":"2025-12-04T12:13:30Z","big":1,"huge":2,"price":3.5}"#
        let decoded = try #require(codec.decode("slot.reserved", data: Data(old.utf8)).event as? Reserved)
        #expect(decoded.at == Date(timeIntervalSinceReferenceDate: 786_543_210))
        let offset = #"{"at":"2025-12-04T14:13:30.5+02:00","big":1,"huge":2,"price":3.5}"#
        #expect((codec.decode("slot.reserved", data: Data(offset.utf8)).event as? Reserved)?.at == Date(timeIntervalSinceReferenceDate: 786_543_210.5))
        for t in [0.0, -1.5, 1e-7, 123.000_000_001, 1_000_000_000.999_999, -63_000_000_000.25] {
            let e = Reserved(at: Date(timeIntervalSinceReferenceDate: t), big: 0, huge: 0, price: 0, note: nil)
            #expect(EventRoundTrip.problem(e, codec: codec) == nil, "t = \(t)")
        }
    }

    @Test("the round-trip check finds what Codable cannot carry, and unregistered types")
    func roundTripCheck() {
        var codec = EventCodec()
        codec.register(DoubleOptional.self)
        #expect(EventRoundTrip.problem(DoubleOptional(value: .some(2)), codec: codec) == nil)
        let problem = EventRoundTrip.problem(DoubleOptional(value: .some(nil)), codec: codec)
        #expect(problem?.contains("value") == true, "\(problem ?? "no problem found")")
        #expect(EventRoundTrip.problem(Self.sample, codec: codec)?.contains("not registered") == true)
    }

    @Test("a refusal keeps the decision's own value; a bug is not a refusal")
    func typedErrors() async throws {
        var catalog = CommandCatalog()
        catalog.register(Slot.self, help: "a slot")
        let engine = Engine(store: InMemoryEventStore(), catalog: catalog)
        let refused = await #expect(throws: CommandError.self) { try await engine.execute(Slot.self, id: "2", Slot.refuse) }
        guard case .refused(let refusal) = refused else {
            Issue.record("expected a refusal, got \(String(describing: refused))")
            return
        }
        #expect(refusal.error as? SlotRefusal == .taken(by: "Ada"))
        #expect(refused?.description == "refused: taken by Ada")

        let bug = await #expect(throws: CommandError.self) { try await engine.execute(Slot.self, id: "2", Slot.bug) }
        #expect(bug?.kind == "decision_failed", "\(String(describing: bug))")
        let unencodable = await #expect(throws: CommandError.self) { try await engine.execute(Slot.self, id: "2", Slot.unencodable) }
        #expect(unencodable?.kind == "encoding_failed", "\(String(describing: unencodable))")
        #expect(engine.metrics.refused == 1 && engine.metrics.commands == 3)
        #expect(try await engine.store.readStream("slot-2").isEmpty)
    }
}
