/// A command as traffic sends it: a name and its fields, the stream being chosen by the load.
public struct TrafficCommand: Hashable, Sendable {
    /// The command's name, e.g. `increment`.
    public var name: String
    /// Its fields as text, as on the command line.
    public var fields: [String: String]

    /// Creates a command.
    public init(_ name: String, fields: [String: String] = [:]) {
        self.name = name
        self.fields = fields
    }
}

/// Traffic a domain can generate against itself: concurrent clients sending commands to a few
/// streams of one category, each waiting for its answer before sending the next. The explorer's
/// `D`, `eventscope demo` and the bench run it through ``LoadGenerator``, and afterwards check
/// that every acknowledged event is in the store (``LossCheck``).
public struct TrafficPlan: Sendable {
    /// What the clients do, for people: `"clients incrementing counters"`.
    public var summary: String
    /// The category of the streams the traffic goes to.
    public var category: String
    /// Stream ids are this prefix and a number: `demo-` gives `counter-demo-0`, `counter-demo-1`, ….
    public var idPrefix: String
    /// How many streams by default.
    public var streamCount: Int
    /// How many concurrent clients by default.
    public var clients: Int
    /// Commands sent once to each stream before the load (e.g. `create`); a refusal means the
    /// stream is already set up, perhaps by another process a moment ago.
    public var setup: [TrafficCommand]
    /// The commands clients send, taken in turn.
    public var commands: [TrafficCommand]
    /// What the streams are called in a sentence: `"counters"`.
    public var streamsNoun: String
    /// What acknowledged events are called in a sentence: `"increments"`.
    public var eventsNoun: String

    /// Creates a plan.
    public init(
        summary: String, category: String, idPrefix: String = "demo-", streamCount: Int = 4, clients: Int = 8,
        setup: [TrafficCommand] = [], commands: [TrafficCommand], streamsNoun: String = "streams", eventsNoun: String = "events"
    ) {
        precondition(!commands.isEmpty, "a traffic plan needs at least one command")
        self.summary = summary
        self.category = category
        self.idPrefix = idPrefix
        self.streamCount = max(1, streamCount)
        self.clients = max(1, clients)
        self.setup = setup
        self.commands = commands
        self.streamsNoun = streamsNoun
        self.eventsNoun = eventsNoun
    }

    /// The streams of a load over `count` streams (``streamCount`` by default), ids numbered
    /// from 0 after `idPrefix` (the plan's own by default).
    public func streams(count: Int? = nil, idPrefix: String? = nil) -> [StreamID] {
        (0..<max(1, count ?? streamCount)).map { StreamID(category: category, id: "\(idPrefix ?? self.idPrefix)\($0)") }
    }
}
