import EventScope

/// An event filter run against the whole store: `$all` read backwards, page by page, below the
/// events the pane holds, until position 1 (or enough matches).
///
/// One page per effect, each with the search's token: a new filter or Esc drops the search,
/// so the answer to its page in flight is ignored and no further page is asked for — that is
/// the cancellation. Matches are shown as the pages come in; "no event matches in all N
/// events" is said only once position 1 was read.
public struct EventSearch: Hashable, Sendable {
    /// How many events one page reads.
    public static let pageSize = 5_000

    /// The token of the page in flight (answers for other tokens are dropped).
    public var token: Int
    /// What is searched for, lowercased.
    public var needle: String
    /// The newest position covered: events above it are the pane's own (held or live).
    public var through: GlobalPosition
    /// The oldest position read so far (the next page reads below it); `through + 1` before the
    /// first page.
    public var lowest: GlobalPosition
    /// Matches found in the store below the held events, oldest first.
    public var matches: [RecordedEvent] = []
    /// Whether every event down to position 1 was read.
    public var finished = false
    /// Set when the search stopped early because it found `limit` matches.
    public var stoppedAtLimit = false
    /// Why the last page could not be read; the search waits until it is asked again (Enter
    /// on the filter) instead of claiming anything about the events it did not read.
    public var failure: String?
    /// The most matches kept (the pane's capacity).
    public var limit: Int

    /// Events read or held, from the newest covered down to the oldest read.
    public var scanned: Int { Int(through.value - lowest.value + 1) }
    /// Events in the store up to ``through`` (positions have no gaps).
    public var total: Int { Int(through.value) }
    /// Whether pages are still being read.
    public var running: Bool { !finished && !stoppedAtLimit && failure == nil }

    /// The effect reading the next page (below ``lowest``).
    var nextPage: ExplorerEffect {
        .searchEvents(token: token, before: GlobalPosition(lowest.value - 1), limit: Self.pageSize)
    }

    /// Takes a page read backwards (newest first): keeps its matches, moves ``lowest`` down,
    /// and says whether another page is needed.
    mutating func receive(_ page: [RecordedEvent], requested: Int) -> Bool {
        let found = page.filter { TailState.matches($0, needle: needle) }.reversed()
        matches.insert(contentsOf: found, at: 0)
        if let oldest = page.last?.position { lowest = oldest }
        if page.count < requested || lowest.value <= 1 {
            lowest = GlobalPosition(1)
            finished = true
        } else if matches.count >= limit {
            stoppedAtLimit = true
        }
        // The newest `limit` matches are kept (the pane shows the newest first anyway).
        if matches.count > limit { matches.removeFirst(matches.count - limit) }
        return running
    }
}
