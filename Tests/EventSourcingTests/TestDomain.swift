import EventScope
import Foundation

/// A tiny domain for engine tests (the demo domain has its own tests).
enum Tally: Aggregate {
    struct State: Codable, Sendable, Equatable {
        var total = 0
        var opened = false
    }
    static let category = "tally"
    static let initialState = State()

    static func registerEvents(in codec: inout EventCodec) {
        codec.register(TallyOpened.self)
        codec.register(TallyAdded.self)
    }

    static func apply(_ event: any DomainEvent, to state: State) -> State {
        var s = state
        switch event {
        case is TallyOpened: s.opened = true
        case let e as TallyAdded: s.total += e.amount
        default: break
        }
        return s
    }

    static let open = Decision<Tally> { s in
        guard !s.opened else { throw DomainError("already open") }
        return [TallyOpened()]
    }

    static func add(_ n: Int) -> Decision<Tally> {
        Decision { s in
            guard s.opened else { throw DomainError("not open") }
            guard s.total + n <= 1_000_000 else { throw DomainError("too much") }
            return [TallyAdded(amount: n)]
        }
    }
}

struct TallyOpened: DomainEvent, Equatable {
    static let eventType: EventType = "tally.opened"
}

struct TallyAdded: DomainEvent, Equatable {
    static let eventType: EventType = "tally.added"
    var amount: Int
}

func tallyCatalog() -> CommandCatalog {
    var c = CommandCatalog()
    c.register(Tally.self, help: "A running total")
    c.register("open", of: Tally.self, help: "Open it") { _ in Tally.open }
    c.register("add", of: Tally.self, help: "Add an amount", fields: [CommandField("amount", .integer, help: "how much")]) { v in
        Tally.add(v.int("amount") ?? 0)
    }
    return c
}

/// A store that counts calls and can be made to fail, wrapping an in-memory store.
final class InstrumentedStore: EventStoreWrapper, @unchecked Sendable {
    let inner = InMemoryEventStore()
    var base: any EventStore { inner }
    private let lock = NSLock()
    private var _appends = 0
    private var _reads = 0
    var failAppends = false

    var appends: Int { lock.withLock { _appends } }
    var reads: Int { lock.withLock { _reads } }

    var displayName: String { "instrumented" }

    func append(_ events: [ProposedEvent], to stream: StreamID, expected: ExpectedVersion) async throws -> AppendResult {
        let fail = lock.withLock { () -> Bool in
            _appends += 1
            return failAppends
        }
        if fail { throw EventStoreError.unavailable("store is down (test)") }
        return try await inner.append(events, to: stream, expected: expected)
    }
    func read(_ stream: StreamID, from version: StreamVersion, limit: Int) async throws -> [RecordedEvent] {
        lock.withLock { _reads += 1 }
        return try await inner.read(stream, from: version, limit: limit)
    }
}
