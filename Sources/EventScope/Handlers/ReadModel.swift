/// A handler whose read model people can look at: its rows, the rows it keeps for one
/// aggregate, and a consistency check against the event log where the domain offers one.
///
/// The explorer's projections view, `eventscope handlers`, `readmodel` and `rebuild` see read
/// models only through this protocol (and ``EventHandler``): the domain registers its own, the
/// tools never name one.
public protocol ReadModel: EventHandler {
    /// One line for people: what the read model keeps.
    var summary: String { get }
    /// The column names of ``rows(limit:)``, in order.
    var columns: [String] { get }
    /// The first `limit` rows, in the model's natural order.
    func rows(limit: Int) async throws -> [ReadModelRow]
    /// The rows the model keeps for one aggregate (none when the stream is not its concern).
    func rows(of stream: StreamID) async throws -> [ReadModelRow]
    /// Checks `rows` against the event log up to the model's checkpoint (e.g. "each balance is
    /// the fold of its account"); `nil` when the model offers no check.
    func check(_ rows: [ReadModelRow], against store: any EventStore) async throws -> ReadModelCheck?
}

extension ReadModel {
    /// No check offered.
    public func check(_ rows: [ReadModelRow], against store: any EventStore) async throws -> ReadModelCheck? { nil }
}

/// One row of a read model, as text.
public struct ReadModelRow: Hashable, Sendable {
    /// What identifies the row (its primary key), for spotting changed rows.
    public var key: String
    /// The cells, one per column.
    public var cells: [String]
    /// The aggregate the row describes, if it describes one.
    public var stream: StreamID?
    /// The aggregate's version the row reflects, if it tracks one.
    public var version: StreamVersion?

    /// Creates a row.
    public init(key: String, cells: [String], stream: StreamID? = nil, version: StreamVersion? = nil) {
        self.key = key
        self.cells = cells
        self.stream = stream
        self.version = version
    }
}

/// The outcome of a read model's consistency check.
public struct ReadModelCheck: Hashable, Sendable {
    /// Whether the rows agree with the event log.
    public var passed: Bool
    /// What was compared, for people ("Σ count 41 = 41 increments").
    public var summary: String
    /// The rows that disagree, described.
    public var problems: [String]

    /// Creates an outcome.
    public init(passed: Bool, summary: String, problems: [String] = []) {
        self.passed = passed
        self.summary = summary
        self.problems = problems
    }
}
