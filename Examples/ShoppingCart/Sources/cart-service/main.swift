import EventScope
import EventScopeServices
import Foundation
import Logging
import ServiceLifecycle
import ShoppingCart
import EventScopeSQLite
// `cart-service [PATH]`: runs the engine and the sales read model as services on an SQLite
// file, takes a few orders, and runs until SIGTERM or SIGINT; then shuts down gracefully
// (commands in flight finish, the read model stops after its batch, the store closes).

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .info
    return handler
}
let logger = Logger(label: "cart-service")
let path = CommandLine.arguments.dropFirst().first ?? "carts.sqlite"
let store = try await SQLiteEventStore.open(path: path)
let engine = Engine(store: store, catalog: .shoppingCart(), options: EngineOptions(logger: logger))
let sales = HandlerRunner(handler: SalesReadModel(codec: engine.codec), store: store, logger: logger)

let cart = UUID().uuidString
_ = try await engine.execute(Cart.self, id: cart, Cart.open(at: Date()))
_ = try await engine.execute(Cart.self, id: cart, Cart.add("book", quantity: 2, unitPrice: Decimal(string: "12.90")!, at: Date()))
_ = try await engine.execute(Cart.self, id: cart, Cart.checkOut(at: Date()))
logger.info("checked out cart-\(cart); running until SIGTERM or SIGINT")

let group = ServiceGroup(configuration: .init(
    services: [EngineService(engine), HandlerService(sales)],
    gracefulShutdownSignals: [.sigterm, .sigint],
    logger: logger))
try await group.run()
await store.close()
logger.info("stopped")
