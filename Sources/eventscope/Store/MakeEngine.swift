import EventScope

/// The engine the CLI and the explorer run commands with: the demo catalog on `store`.
func makeEngine(store: any EventStore, options: EngineOptions = EngineOptions()) -> Engine {
    Engine(store: store, catalog: EventScope.catalog, options: options)
}
