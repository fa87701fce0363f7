import EventScope
import EventScopeExplorer
/// How the explorer is opened: what a command line's flags say.
public struct ExplorerOptions: Sendable {
    /// Hide every way to write: command line, forms, seeding, demo traffic.
    public var readOnly: Bool
    /// Handle mouse clicks and the wheel (the backend must report them too, e.g.
    /// `CursesOptions(mouse: true)`).
    public var mouse: Bool
    /// Run the catalog's demo seed as soon as the explorer opens.
    public var seedOnStart: Bool
    /// The store as people know it, for the header (the store's `displayName` when `nil`).
    public var storeName: String?
    /// How often the counts and metrics are refreshed.
    public var statsInterval: Duration
    /// Tuning of the engine the explorer runs commands with.
    public var engine: EngineOptions
    /// The domain's read models: they run whenever the explorer runs, and the projections
    /// view (`P`) shows and controls them.
    public var readModels: [any ReadModel] = []
    /// Where they are kept, for people: the projections view says it (with `--read-only`,
    /// e.g. that they are kept in memory so the store is not written).
    public var readModelsWhere: String?

    /// Creates options. Colours are the backend's business: it downgrades every style to what
    /// it can draw (`CursesOptions(colorMode:)`, `NO_COLOR`).
    public init(
        readOnly: Bool = false, mouse: Bool = false, seedOnStart: Bool = false, storeName: String? = nil,
        statsInterval: Duration = .seconds(1), engine: EngineOptions = EngineOptions()
    ) {
        self.readOnly = readOnly
        self.mouse = mouse
        self.seedOnStart = seedOnStart && !readOnly
        self.storeName = storeName
        self.statsInterval = statsInterval
        self.engine = engine
    }

    /// The explorer's configuration for `catalog` on a store named `storeName`.
    public func config(catalog: CommandCatalog, storeName: String) -> ExplorerConfig {
        ExplorerConfig(catalog: catalog, storeName: self.storeName ?? storeName, readOnly: readOnly, mouse: mouse, readModelsWhere: readModelsWhere)
    }
}
