import EventScope
import ServiceLifecycle

/// A ``HandlerRunner`` as a swift-service-lifecycle `Service`: it follows the store while
/// the service group runs, and on graceful shutdown finishes the batch in progress (its
/// checkpoint stays where the handler left it) and returns.
///
/// ```swift
/// let group = ServiceGroup(configuration: .init(
///     services: [EngineService(engine), HandlerService(HandlerRunner(handler: readModel, store: store))],
///     gracefulShutdownSignals: [.sigterm], logger: logger))
/// try await group.run()
/// ```
public struct HandlerService: Service {
    /// The runner it starts and stops.
    public let runner: HandlerRunner

    /// Wraps a stopped runner; the service starts it.
    public init(_ runner: HandlerRunner) {
        self.runner = runner
    }

    /// Runs the handler until graceful shutdown (or cancellation), then stops it.
    public func run() async throws {
        runner.start()
        try? await gracefulShutdown()
        await runner.stop()
    }
}
