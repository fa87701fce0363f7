import EventSourcing
import Foundation
import TerminalUI

/// The inspector pane: the selected event's detail, or an opened aggregate.
public struct InspectorState: Sendable {
    /// An opened aggregate, or `nil` to show the selected event of the live tail.
    public var aggregate: AggregateView?
    /// Rows scrolled in the detail text.
    public var scroll = 0
}

/// An aggregate opened in the inspector: its events, and the state at a chosen version
/// (time travel) with the change the event at that version made.
public struct AggregateView: Sendable {
    /// The stream.
    public var stream: StreamID
    /// The load in flight (answers for older tokens are dropped).
    public var token: Int
    /// Whether the events are still loading.
    public var loading = true
    /// The stream's events from version 1, as loaded (and extended live).
    public var events: [RecordedEvent] = []
    /// The stream's version when more events exist than were loaded.
    public var total: StreamVersion = .none
    /// The index in ``events`` of the version shown; `nil` means "the newest, following".
    public var cursor: Int?
    /// The version to select once loaded (opening from an event of the tail).
    public var wantedVersion: StreamVersion?
    /// Selection and scroll of the version list.
    public var list = ListState()
    /// The state at the selected version, its diff with the version before, and skipped events.
    public var folded: FoldedView?

    /// Creates a view for `stream`, loading.
    public init(stream: StreamID, token: Int, version: StreamVersion? = nil) {
        self.stream = stream
        self.token = token
        self.wantedVersion = version
    }

    /// The index of the version shown.
    public var selectedIndex: Int? {
        guard !events.isEmpty else { return nil }
        return cursor.map { min($0, events.count - 1) } ?? events.count - 1
    }

    /// The event at the version shown.
    public var selectedEvent: RecordedEvent? { selectedIndex.map { events[$0] } }

    /// Streams up to this many events are folded at once; longer ones in the background.
    static let inlineFoldLimit = 1_000

    /// The index whose fold the runner is computing, if any.
    public var foldInFlight: Int?

    /// Recomputes the folded state and diff for the selected version: inline for short
    /// streams, else as an effect (one at a time; a newer selection is folded when it returns).
    mutating func refold(catalog: CommandCatalog) -> [ExplorerEffect] {
        guard let index = selectedIndex else { folded = nil; return [] }
        list.selected = index
        guard let descriptor = catalog.aggregates[stream.category] else {
            folded = FoldedView(version: events[index].version, state: nil, changes: [:], skipped: [], known: false)
            return []
        }
        if events.count <= Self.inlineFoldLimit {
            let now = descriptor.fold(Array(events[...index]), codec: catalog.codec)
            let before = descriptor.fold(Array(events[..<index]), codec: catalog.codec)
            setFolded(now: now, before: before)
            return []
        }
        guard foldInFlight == nil else { return [] }
        foldInFlight = index
        return [.foldAggregate(token: token, events: Array(events[...index]))]
    }

    /// Takes the runner's fold of the events up to `index`; asks again if the selection moved.
    mutating func folded(index: Int, now: FoldedState, before: FoldedState, catalog: CommandCatalog) -> [ExplorerEffect] {
        foldInFlight = nil
        if selectedIndex == index {
            setFolded(now: now, before: before)
            return []
        }
        if index < events.count { setFolded(now: now, before: before) }
        return refold(catalog: catalog)
    }

    private mutating func setFolded(now: FoldedState, before: FoldedState) {
        let newValue = JSONValue.parse(now.json)
        let oldValue = JSONValue.parse(before.json)
        let changes = newValue.map { JSONDiff.changes(from: oldValue, to: $0) } ?? [:]
        folded = FoldedView(version: now.version, state: newValue, changes: changes, skipped: now.skipped, known: true)
    }
}

/// The state of an aggregate at one version, ready to draw.
public struct FoldedView: Sendable {
    /// The version folded up to.
    public var version: StreamVersion
    /// The state as JSON (`nil` if it could not be encoded).
    var state: JSONValue?
    /// What the event at this version changed.
    var changes: [JSONPath: FieldChange]
    /// Versions whose events could not be applied.
    public var skipped: [StreamVersion]
    /// Whether the catalog knows the aggregate's category.
    public var known: Bool

    /// Paths of the fields the selected event added, changed or removed (`count`, `owner`…).
    public var changedFields: [String: String] {
        var out: [String: String] = [:]
        for (path, change) in changes {
            switch change {
            case .added: out[JSONLines.display(path)] = "added"
            case .changed: out[JSONLines.display(path)] = "changed"
            case .removed: out[JSONLines.display(path)] = "removed"
            }
        }
        return out
    }
}
