import EventScope
import Foundation
import Synchronization

// The code of the "Getting started" article (EventScope.docc/GettingStarted.md), compiled
// here and run by DocArticleTests. Each region between `// DOC-BEGIN GettingStarted` and
// `// DOC-END` is one of the article's Swift code blocks, character for character.

// DOC-BEGIN GettingStarted
struct ItemsReceived: DomainEvent {
    static let eventType: EventType = "stock.received"   // stable tag, never the Swift type name
    var quantity: Int
}

struct ItemsShipped: DomainEvent {
    static let eventType: EventType = "stock.shipped"
    var quantity: Int
}
// DOC-END

// DOC-BEGIN GettingStarted
enum Stock: Aggregate {
    struct State: Codable, Sendable, Equatable { var onHand = 0 }
    static let category = "stock"                         // streams are named stock-<id>
    static let initialState = State()

    static func registerEvents(in codec: inout EventCodec) {
        codec.register(ItemsReceived.self)
        codec.register(ItemsShipped.self)
    }

    static func apply(_ event: any DomainEvent, to state: State) -> State {
        switch event {
        case let e as ItemsReceived: State(onHand: state.onHand + e.quantity)
        case let e as ItemsShipped: State(onHand: state.onHand - e.quantity)
        default: state
        }
    }
}
// DOC-END

// DOC-BEGIN GettingStarted
extension Stock {
    static func receive(_ quantity: Int) -> Decision<Stock> {
        Decision { _ in
            guard quantity > 0 else { throw DomainError("receive at least one item") }
            return [ItemsReceived(quantity: quantity)]
        }
    }

    static func ship(_ quantity: Int) -> Decision<Stock> {
        Decision { state in
            guard quantity <= state.onHand else {
                throw DomainError("only \(state.onHand) in stock; receive more first")
            }
            return [ItemsShipped(quantity: quantity)]
        }
    }
}
// DOC-END

// DOC-BEGIN GettingStarted
func stockCatalog() -> CommandCatalog {
    var catalog = CommandCatalog()
    catalog.register(Stock.self, help: "Items of one product on hand")
    let quantity = CommandField("quantity", .integer, help: "how many items")
    catalog.register("receive", of: Stock.self, help: "Items arrive", fields: [quantity]) { values in
        Stock.receive(values.int("quantity") ?? 0)
    }
    catalog.register("ship", of: Stock.self, help: "Items leave", fields: [quantity]) { values in
        Stock.ship(values.int("quantity") ?? 0)
    }
    return catalog
}
// DOC-END

// DOC-BEGIN GettingStarted
func runStockCommands() async throws -> (engine: Engine, refusal: String?) {
    let engine = Engine(store: InMemoryEventStore(), catalog: stockCatalog())

    // Typed: runs in the one instance of stock-widget, then appends atomically.
    let result = try await engine.execute(Stock.self, id: "widget", Stock.receive(5))
    print(result.version, result.events.map(\.type))        // 1 [stock.received]

    // From text, as `eventscope send` and the explorer do: the fields are validated first.
    _ = try await engine.send(command: "ship", stream: "stock-widget", fields: ["quantity": "2"])

    // A refused command throws and writes nothing.
    var refusal: String?
    do {
        _ = try await engine.execute(Stock.self, id: "widget", Stock.ship(10))
    } catch CommandError.refused(let reason) {
        refusal = reason.message                           // "only 3 in stock; receive more first"
    }
    return (engine, refusal)
}
// DOC-END

// DOC-BEGIN GettingStarted
final class ShippedTotals: EventHandler {
    let name = "shipped-totals"
    let codec: EventCodec
    private struct Model { var shipped: [StreamID: Int] = [:]; var checkpoint = GlobalPosition.start }
    private let model = Mutex(Model())

    init(codec: EventCodec) { self.codec = codec }

    func checkpoint() async throws -> GlobalPosition { model.withLock { $0.checkpoint } }

    // The read model and its checkpoint change together: no event is applied twice or skipped.
    func handle(_ events: [RecordedEvent]) async throws {
        model.withLock { m in
            for event in events {
                if case .event(let shipped as ItemsShipped) = codec.decode(event) {
                    m.shipped[event.streamID, default: 0] += shipped.quantity
                }
                m.checkpoint = event.position
            }
        }
    }

    func shipped(from stream: StreamID) -> Int { model.withLock { $0.shipped[stream] ?? 0 } }
}
// DOC-END

// DOC-BEGIN GettingStarted
func followStock(_ engine: Engine) async throws -> (types: [EventType], shipped: Int) {
    // Every event of the store, the stored ones first, then live ones as they commit.
    var types: [EventType] = []
    for try await event in engine.store.subscribeAll(from: GlobalPosition.start.next) {
        types.append(event.type)
        if event.position == 2 { break }
    }

    // A read model fed from its checkpoint: it catches up, then follows live events.
    let totals = ShippedTotals(codec: engine.codec)
    let runner = HandlerRunner(handler: totals, store: engine.store)
    runner.start()
    _ = await runner.waitUntilCaughtUp(to: 2)
    await runner.stop()
    return (types, totals.shipped(from: "stock-widget"))
}
// DOC-END
