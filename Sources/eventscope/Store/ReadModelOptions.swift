import ArgumentParser
import EventScopeDemoReadModels
import EventScope
import EventScopeStores

/// `--read-models sqlite:PATH`: where the read models live (default: the SQLite store's own
/// file; for Redis `sqlite:eventscope-read-models.sqlite`; for memory a temporary file).
struct ReadModelOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where read models live: sqlite:PATH (default: the SQLite store's own file; for a Redis store sqlite:\(ReadModelLocation.defaultPath); for memory: a temporary file).",
            valueName: "url"),
        transform: { text throws(StoreLocationError) in try ReadModelLocation(text) })
    var readModels: ReadModelLocation?

    @Option(name: .long, help: ArgumentHelp("Seconds before another process's silent lease on a read model is taken over.", visibility: .hidden))
    var leaseTimeout: Double = 5

    @Option(name: .long, help: ArgumentHelp("Events per transaction while catching up or rebuilding.", visibility: .hidden))
    var catchUpPage: Int?

    @Option(name: .long, help: ArgumentHelp("Tests: milliseconds a process manager waits between its commands and its checkpoint.", visibility: .hidden))
    var processPauseMs: Int?

    /// The demo read models and process managers in `database`; the process managers send
    /// their commands through `engine`.
    func models(database: ReadModelDatabase, engine: Engine) -> [any ReadModel] {
        DemoProjections.make(database: database.writer, engine: engine, pauseBeforeCheckpoint: processPauseMs.map { .milliseconds($0) })
    }

    /// Runners for the demo read models on `store`, in the database the options name.
    func runners(store: any EventStore, location: StoreLocation, database: ReadModelDatabase) -> ReadModelRunners {
        ReadModelRunners(
            models(database: database, engine: makeEngine(store: store)), store: store,
            staleAfter: .milliseconds(Int64(leaseTimeout * 1000)),
            // A catch-up page smaller than the live page (256) is taken as it is given (it was
            // silently raised to 256).
            pageSize: min(256, max(1, catchUpPage ?? 256)), catchUpPageSize: catchUpPage)
    }
}

/// Runs `body` with the store and its read models' runners (not started), closing both after.
func withReadModels<T>(_ storeOptions: StoreOptions, _ options: ReadModelOptions, _ body: (any EventStore, ReadModelRunners, ReadModelDatabase) async throws -> T) async throws -> T {
    try await withStore(storeOptions) { store in
        let database = try await (options.readModels ?? ReadModelLocation()).open(for: store, at: storeOptions.location)
        defer { database.close() }
        let runners = options.runners(store: store, location: storeOptions.location, database: database)
        do {
            let result = try await body(store, runners, database)
            await runners.stop()
            return result
        } catch {
            await runners.stop()
            throw error
        }
    }
}

/// The read model called `name`, or a failure listing the valid names.
func readModel(_ name: String, in runners: ReadModelRunners) throws -> (any ReadModel, HandlerRunner) {
    guard let model = runners.model(named: name), let runner = runners.runner(named: name) else {
        throw CLIFailure(ReadModelRunners.unknown(name, valid: runners.names))
    }
    return (model, runner)
}
