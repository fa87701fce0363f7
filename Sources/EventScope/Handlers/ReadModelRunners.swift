import Foundation

/// Every read model of an application, each with its ``HandlerRunner``: what the explorer and
/// `eventscope project` run, and what people control by name.
///
/// ```swift
/// let runners = ReadModelRunners(models, store: store)
/// runners.start()
/// runners.control("counters", .pause)
/// await runners.stop()
/// ```
public final class ReadModelRunners: Sendable {
    /// The read models, in the order they were given.
    public let models: [any ReadModel]
    /// Their runners, in the same order.
    public let runners: [HandlerRunner]

    /// Runners for `models` on `store` (stopped until ``start()``).
    /// - Parameters:
    ///   - keeper: who this process is, for the models' leases.
    ///   - staleAfter: how long another keeper's silent lease holds.
    public init(_ models: [any ReadModel], store: any EventStore, keeper: HandlerKeeper = .thisProcess, staleAfter: Duration = .seconds(5), pageSize: Int = 256, catchUpPageSize: Int? = nil) {
        self.models = models
        self.runners = models.map {
            HandlerRunner(handler: $0, store: store, pageSize: pageSize, catchUpPageSize: catchUpPageSize, keeper: keeper, staleAfter: staleAfter)
        }
    }

    /// The names, in order.
    public var names: [String] { models.map(\.name) }

    /// Starts every runner.
    public func start() { runners.forEach { $0.start() } }

    /// Stops every runner (each gives its lease up).
    public func stop() async {
        for runner in runners { await runner.stop() }
    }

    /// Every runner's status, in order.
    public var statuses: [HandlerStatus] { runners.map(\.status) }

    /// The read model called `name`.
    public func model(named name: String) -> (any ReadModel)? { models.first { $0.name == name } }

    /// The runner of the read model called `name`.
    public func runner(named name: String) -> HandlerRunner? { runners.first { $0.handler.name == name } }

    /// Tells the runner of `name` what to do.
    /// - Returns: why it was refused (an unknown name lists the valid ones), or `nil`.
    @discardableResult
    public func control(_ name: String, _ request: HandlerControl) -> String? {
        guard let runner = runner(named: name) else { return Self.unknown(name, valid: names) }
        return runner.control(request)
    }

    /// "no read model called X; valid names: a, b".
    public static func unknown(_ name: String, valid: [String]) -> String {
        "no read model called \"\(name)\"; valid names: \(valid.isEmpty ? "(none)" : valid.joined(separator: ", "))"
    }
}
