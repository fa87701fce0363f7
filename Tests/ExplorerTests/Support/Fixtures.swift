import EventScopeDemo
import EventScope
import EventScopeExplorer
import Foundation
import EventScopeTerminalUI

/// Fixed inputs so screens are identical on every run.
enum Fixtures {
    /// 2026-01-02 03:04:05 UTC.
    static let epoch = Date(timeIntervalSince1970: 1_767_323_045)

    static func date(_ secondsAfterEpoch: Double) -> Date { epoch.addingTimeInterval(secondsAfterEpoch) }

    static func uuid(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static func config(readOnly: Bool = false, tailCapacity: Int = 10_000) -> ExplorerConfig {
        ExplorerConfig(catalog: DemoCatalog.make(), storeName: "sqlite:/tmp/demo.sqlite", readOnly: readOnly, tailCapacity: tailCapacity)
    }

    /// A state at `size` that has been started (its start effects dropped).
    static func state(size: Size = Size(width: 80, height: 24), readOnly: Bool = false, tailCapacity: Int = 10_000) -> ExplorerState {
        var s = ExplorerState(config: config(readOnly: readOnly, tailCapacity: tailCapacity), size: size, now: date(0))
        _ = Explorer.start(&s)
        return s
    }

    /// A small history: counters 1 and 2, account 7; positions 1…n.
    static func history() -> [RecordedEvent] {
        var b = EventBuilder()
        b.add("counter-1", "counter.created", "{}")
        b.add("counter-1", "counter.incremented", #"{"count":1}"#)
        b.add("account-7", "account.opened", #"{"owner":"Ada"}"#)
        b.add("counter-2", "counter.created", "{}")
        b.add("account-7", "account.deposited", #"{"amount":50,"balance":50}"#)
        b.add("counter-1", "counter.incremented", #"{"count":2}"#)
        b.add("account-7", "account.withdrawn", #"{"amount":20,"balance":30}"#)
        b.add("counter-1", "counter.incremented", #"{"count":3}"#)
        return b.events
    }

    static func streams(_ events: [RecordedEvent]) -> [StreamInfo] {
        var latest: [StreamID: RecordedEvent] = [:]
        for e in events { latest[e.streamID] = e }
        return latest.values.sorted { $0.position > $1.position }.map {
            StreamInfo(streamID: $0.streamID, version: $0.version, lastPosition: $0.position, lastUpdated: $0.recordedAt, lastEventType: $0.type)
        }
    }

    /// A state loaded with `history()`: listing, tail, stats, metrics.
    static func loaded(size: Size = Size(width: 80, height: 24), readOnly: Bool = false) -> ExplorerState {
        var s = state(size: size, readOnly: readOnly)
        let events = history()
        let token = s.aggregates.pendingToken!
        _ = Explorer.update(&s, .streamsLoaded(token: token, page: streams(events), hasMore: false))
        _ = Explorer.update(&s, .statsLoaded(StoreStats(eventCount: Int64(events.count), streamCount: 3, headPosition: GlobalPosition(Int64(events.count)))))
        _ = Explorer.update(&s, .metricsLoaded(Engine(store: InMemoryEventStore(), catalog: DemoCatalog.make()).metrics))
        _ = Explorer.update(&s, .tailEvents(events, dropped: 0))
        _ = Explorer.update(&s, .tick(date(60)))
        return s
    }
}

/// Builds recorded events with consecutive positions and per-stream versions.
struct EventBuilder {
    var events: [RecordedEvent] = []
    var versions: [StreamID: Int64] = [:]
    var start: Int64 = 0

    mutating func add(_ stream: String, _ type: String, _ json: String, at seconds: Double? = nil, metadata: EventMetadata = EventMetadata()) {
        let id = StreamID(stream)
        let version = (versions[id] ?? 0) + 1
        versions[id] = version
        let position = start + Int64(events.count) + 1
        events.append(RecordedEvent(
            eventID: Fixtures.uuid(Int(position)), streamID: id, version: StreamVersion(version),
            position: GlobalPosition(position), type: EventType(type), data: Data(json.utf8),
            metadata: metadata, recordedAt: Fixtures.date(seconds ?? Double(position))))
    }
}

extension ExplorerState {
    /// Applies keys in order, collecting effects.
    @discardableResult
    mutating func press(_ keys: Key...) -> [ExplorerEffect] {
        keys.flatMap { Explorer.update(&self, .key($0)) }
    }

    /// Types text as characters.
    @discardableResult
    mutating func type(_ text: String) -> [ExplorerEffect] {
        text.flatMap { Explorer.update(&self, .key(.char($0))) }
    }

    /// The screen as text lines.
    var screenLines: [String] { Explorer.view(self).buffer.lines }
    var screenText: String { screenLines.joined(separator: "\n") }
}
