import EventScope

/// What the explorer is opened on, fixed for a session: the domain, the store's name and the
/// switches given on the command line.
public struct ExplorerConfig: Sendable {
    /// The aggregates and commands of the domain (forms, completion, folding), and what it
    /// offers for seeding and traffic (``CommandCatalog/demo``).
    public var catalog: CommandCatalog
    /// The store as people know it: a path, or a URL without its password.
    public var storeName: String
    /// Hides every way to write: command line, forms, seeding and demo traffic.
    public var readOnly: Bool
    /// Whether mouse clicks and the wheel are handled.
    public var mouse: Bool
    /// The most events the live tail keeps in memory (older ones are counted, not kept).
    public var tailCapacity: Int
    /// How many stream rows one page of the aggregates list loads.
    public var pageSize: Int
    /// How many of the newest events the live tail starts with.
    public var initialTail: Int
    /// The most events of one stream held in the aggregate view at once (a window: time travel
    /// outside it loads another window from the store).
    public var maxStreamEvents: Int
    /// Where the read models are kept, for people (the projections view says it), e.g.
    /// "sqlite:app.sqlite (the store's own file)" or "in memory: read-only"; `nil` when not said.
    public var readModelsWhere: String?
    /// Whether the aggregate filter matches the type of any event of an aggregate (the store
    /// offers ``StreamEventTypeSearch``), not only its newest event's. The runner sets it.
    public var filterMatchesAnyEventType = false

    /// Creates a configuration.
    public init(
        catalog: CommandCatalog, storeName: String, readOnly: Bool = false, mouse: Bool = false,
        tailCapacity: Int = 10_000, pageSize: Int = 200, initialTail: Int = 500, maxStreamEvents: Int = 2_000,
        readModelsWhere: String? = nil
    ) {
        self.readModelsWhere = readModelsWhere
        self.catalog = catalog
        self.storeName = storeName
        self.readOnly = readOnly
        self.mouse = mouse
        self.tailCapacity = max(10, tailCapacity)
        self.pageSize = max(10, pageSize)
        self.initialTail = max(0, initialTail)
        self.maxStreamEvents = max(1, maxStreamEvents)
    }
}
