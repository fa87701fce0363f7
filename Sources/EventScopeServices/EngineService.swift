import EventScope
import ServiceLifecycle

/// An ``Engine`` as a swift-service-lifecycle `Service`: it idles while the group runs
/// (commands are sent to the engine directly); on graceful shutdown it waits for the
/// commands running or queued to finish (``Engine/drain(timeout:)``), then drops its
/// resident instances (``Engine/shutdown()``).
///
/// Put it after the services that send commands (an HTTP server) in the group: services
/// shut down in reverse order, so those stop sending first.
public struct EngineService: Service {
    /// The engine it shuts down.
    public let engine: Engine
    /// How long a graceful shutdown waits for commands in flight.
    public let drainTimeout: Duration

    /// Wraps an engine.
    /// - Parameters:
    ///   - engine: the engine to shut down gracefully.
    ///   - drainTimeout: how long to wait for commands in flight at shutdown.
    public init(_ engine: Engine, drainTimeout: Duration = .seconds(10)) {
        self.engine = engine
        self.drainTimeout = drainTimeout
    }

    /// Waits for graceful shutdown (or cancellation), drains the engine and shuts it down.
    public func run() async throws {
        try? await gracefulShutdown()
        _ = await engine.drain(timeout: drainTimeout)
        engine.shutdown()
    }
}
