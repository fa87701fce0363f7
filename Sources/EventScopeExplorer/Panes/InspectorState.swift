import EventScope
import Foundation
import EventScopeTerminalUI

/// The inspector pane: the selected event's detail, or an opened aggregate.
public struct InspectorState: Sendable {
    /// An opened aggregate, or `nil` to show the selected event of the live tail.
    public var aggregate: AggregateView?
    /// Rows scrolled in the detail text.
    public var scroll = 0
}

/// An aggregate opened in the inspector: a window of its versions paged from the store, its
/// real head, and the state at a chosen version (time travel) with the change that event made.
///
/// A stream can have millions of events: only a window of them is held (``ExplorerConfig/maxStreamEvents``);
/// travelling outside it loads the window around the target. The head is always the store's,
/// so the view never calls a partial window "latest".
public struct AggregateView: Sendable {
    /// The stream.
    public var stream: StreamID
    /// The load in flight or answered last (answers for older tokens are dropped).
    public var token: Int
    /// Whether the first window is still loading.
    public var loading = true
    /// Whether another window (around ``wantedVersion``) is loading.
    public var windowLoading = false
    /// A window of the stream's events, consecutive versions, as loaded (and extended live).
    public var events: [RecordedEvent] = []
    /// The stream's newest version in the store (extended live).
    public var head: StreamVersion = .none
    /// The index in ``events`` of the version shown; `nil` means "the newest loaded, following".
    public var cursor: Int?
    /// The version to select once its window is loaded.
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

    /// The stream's version when more exist than were loaded (kept for callers of the old name).
    public var total: StreamVersion { head }

    /// The index of the version shown.
    public var selectedIndex: Int? {
        guard !events.isEmpty else { return nil }
        return cursor.map { min($0, events.count - 1) } ?? events.count - 1
    }

    /// The event at the version shown.
    public var selectedEvent: RecordedEvent? { selectedIndex.map { events[$0] } }

    /// Whether the version shown is the stream's newest one (not merely the newest loaded).
    public var isLatest: Bool {
        guard let selected = selectedEvent else { return false }
        return selected.version >= head && !windowLoading
    }

    /// Whether the window holds every version, 1 to the head.
    public var isWhole: Bool {
        events.first?.version == StreamVersion(1) && (events.last?.version ?? .none) >= head
    }

    /// The window to load so `version` is in it (`nil`: the newest versions).
    static func window(around version: StreamVersion?, limit: Int) -> VersionWindow {
        guard let version else { return VersionWindow(from: nil, limit: limit) }
        return VersionWindow(from: StreamVersion(max(1, version.value - Int64(limit / 2))), limit: limit)
    }

    /// Streams up to this many events are folded at once; longer ones in the background.
    static let inlineFoldLimit = 1_000

    /// How far the runner's background index of a long stream got (time travel up to there
    /// folds from a checkpoint); `nil` when it is not indexing this stream.
    public var indexedThrough: StreamVersion?

    /// The version whose fold the runner is computing, if any.
    public var foldInFlight: StreamVersion?

    /// Recomputes the folded state and diff for the selected version: inline for short
    /// streams held whole, else as an effect (the runner folds from its nearest checkpoint;
    /// one at a time; a newer selection is folded when it returns).
    mutating func refold(catalog: CommandCatalog) -> [ExplorerEffect] {
        guard let index = selectedIndex else { folded = nil; return [] }
        list.selected = index
        guard let descriptor = catalog.aggregates[stream.category] else {
            folded = FoldedView(version: events[index].version, state: nil, changes: [:], skipped: [], known: false)
            return []
        }
        if events.first?.version == StreamVersion(1) && events.count <= Self.inlineFoldLimit {
            let now = descriptor.fold(Array(events[...index]), codec: catalog.codec)
            let before = descriptor.fold(Array(events[..<index]), codec: catalog.codec)
            setFolded(now: now, before: before, origin: .fromStart(events: index + 1))
            return []
        }
        if folded?.version == events[index].version { return [] }
        guard foldInFlight == nil else { return [] }
        foldInFlight = events[index].version
        return [.foldAggregate(token: token, stream: stream, version: events[index].version)]
    }

    /// Takes the runner's fold up to `version`; asks again if the selection moved.
    mutating func folded(version: StreamVersion, now: FoldedState, before: FoldedState?, origin: FoldOrigin?, catalog: CommandCatalog) -> [ExplorerEffect] {
        foldInFlight = nil
        setFolded(now: now, before: before, origin: origin)
        if selectedEvent?.version == version { return [] }
        return refold(catalog: catalog)
    }

    /// Selects `version`: in the window, or by loading the window around it (the effect).
    mutating func select(_ version: StreamVersion, newToken: () -> Int, limit: Int, catalog: CommandCatalog) -> [ExplorerEffect] {
        if let first = events.first?.version, version >= first, let i = events.firstIndex(where: { $0.version == version }) {
            windowLoading = false
            cursor = i == events.count - 1 && version >= head ? nil : i
            return refold(catalog: catalog)
        }
        token = newToken()
        foldInFlight = nil
        windowLoading = true
        wantedVersion = version
        return [.loadStreamEvents(token: token, stream: stream, window: Self.window(around: version, limit: limit))]
    }

    private mutating func setFolded(now: FoldedState, before: FoldedState?, origin: FoldOrigin?) {
        let newValue = JSONValue.parse(now.json)
        // No state before: loaded from a snapshot at this very version; its change is not known.
        let oldValue = before.flatMap { JSONValue.parse($0.json) }
        let changes = before == nil ? [:] : newValue.map { JSONDiff.changes(from: oldValue, to: $0) } ?? [:]
        folded = FoldedView(version: now.version, state: newValue, changes: changes, skipped: now.skipped, known: true, origin: origin)
        folded?.changeKnown = before != nil
    }
}

/// Which versions of a stream to load into the aggregate view.
public struct VersionWindow: Hashable, Sendable {
    /// The first version, or `nil` for the newest `limit` versions.
    public var from: StreamVersion?
    /// The most versions.
    public var limit: Int

    /// Creates a window.
    public init(from: StreamVersion?, limit: Int) {
        self.from = from
        self.limit = limit
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
    /// What the fold started from (`nil`: not said).
    public var origin: FoldOrigin? = nil
    /// Whether ``changes`` is known (not when the state was loaded from a snapshot at this
    /// version: the state before it was never folded).
    public var changeKnown = true

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
