import EventScope
import EventScopeServices
import EventScopeTesting
import Foundation
import InMemoryLogging
import Logging
import Metrics
import MetricsTestKit
import ServiceLifecycle
import ShoppingCart
import EventScopeSQLite
import Testing

/// The metrics of this test process: swift-metrics is bootstrapped once per process.
let testMetrics: TestMetrics = {
    let metrics = TestMetrics()
    MetricsSystem.bootstrap(metrics)
    return metrics
}()

@Suite("A shopping cart service on EventScope")
struct CartServiceTests {
    @Test("given/when/then, with every event checked to survive the codec")
    func givenWhenThen() {
        let opened = CartOpened(at: Date())
        let then = AggregateScenario<Cart>.given(opened).when(Cart.add("pen", quantity: 3, unitPrice: Decimal(string: "1.99")!, at: Date()))
        #expect(then.eventsDescription(Cart.codec)?.first?.hasPrefix("cart.item-added") == true)
        #expect(AggregateScenario<Cart>.given().when(Cart.checkOut(at: Date())).refusal == CartRefusal.checkedOut.message)
    }

    @Test("the engine and the read model run as services: logs, metrics, a date that survives reload, a graceful shutdown")
    func service() async throws {
        let metrics = testMetrics
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "cart-test") { _ in logs }
        logger.logLevel = .debug
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("carts.sqlite").path
        let dimensions = [("engine", "cart-\(UUID().uuidString.prefix(8))")]

        let store = try await SQLiteEventStore.open(path: path)
        let engine = Engine(store: store, catalog: .shoppingCart(), options: EngineOptions(logger: logger, metricsDimensions: dimensions))
        let sales = HandlerRunner(handler: SalesReadModel(codec: engine.codec, failFirstBatches: 1), store: store, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [EngineService(engine), HandlerService(sales)], logger: logger))
        let running = Task { try await group.run() }

        // Commands, with dates carrying fractional seconds and a decimal price.
        let openedAt = Date(timeIntervalSinceReferenceDate: 786_543_210.123_456)
        _ = try await engine.execute(Cart.self, id: "1", Cart.open(at: openedAt))
        _ = try await engine.execute(Cart.self, id: "1", Cart.add("book", quantity: 2, unitPrice: Decimal(string: "12.90")!, at: Date()))
        let last = try await engine.execute(Cart.self, id: "1", Cart.checkOut(at: Date()))
        do {
            _ = try await engine.execute(Cart.self, id: "1", Cart.add("pen", quantity: 1, unitPrice: 1, at: Date()))
            Issue.record("a checked-out cart took an item")
        } catch CommandError.refused(let refusal) {
            #expect(refusal.error as? CartRefusal == .checkedOut)
        }
        let resident = try await engine.state(of: Cart.self, id: "1").state

        // The read model catches up, after its first batch failed once (logged, counted).
        #expect(await sales.waitUntilCaughtUp(to: last.events[last.events.count - 1].position))
        #expect((sales.handler as? SalesReadModel)?.sold == ["book": 2])

        // Graceful shutdown: the group returns, the engine is drained and emptied.
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(engine.metrics.resident == 0)
        #expect(sales.status.phase == .stopped)
        await store.close()

        // Logs: the handler's outage, retried, through the test log handler.
        let failures = logs.entries.filter { $0.level == .warning && "\($0.message)".contains("handler failed") }
        #expect(failures.count == 1, "\(logs.entries)")
        #expect(failures.first?.metadata["handler"] == "sales")

        // Metrics: commands, refusals, append latency, resident instances, handler failures.
        #expect(try metrics.expectCounter("eventscope_commands", dimensions).totalValue == 4)
        #expect(try metrics.expectCounter("eventscope_commands_refused", dimensions).totalValue == 1)
        #expect(try metrics.expectTimer("eventscope_append_duration", dimensions).values.count == 3)
        #expect(try metrics.expectGauge("eventscope_aggregates_resident", dimensions).lastValue == 0)
        #expect(try metrics.expectCounter("eventscope_handler_failures", [("handler", "sales")]).totalValue >= 1)

        // Reload from the file: the same state, to the fraction of a second and the cent.
        let reopened = try await SQLiteEventStore.open(path: path)
        let reloaded = try await Engine(store: reopened, catalog: .shoppingCart()).state(of: Cart.self, id: "1").state
        await reopened.close()
        #expect(reloaded == resident)
        #expect(reloaded.openedAt == openedAt && reloaded.total == Decimal(string: "25.80")!)
    }
}

extension Cart {
    static var codec: EventCodec {
        var codec = EventCodec()
        registerEvents(in: &codec)
        return codec
    }
}
