import EventScope

/// Every key the store uses, all under `prefix:` (default `eventscope:`).
///
/// | key | type | holds |
/// |---|---|---|
/// | `P:head` | string | the last global position handed out (`INCRBY`) |
/// | `P:all` | stream | every event, entry id `<position>-0`; fields `stream`, `version`, `type`, `event_id`, `data` (the event's JSON), `metadata` (JSON), `recorded_at` (ms since 1970) |
/// | `P:event-ids` | hash | event id → global position (idempotent appends) |
/// | `P:stream:<stream>` | list | the stream's global positions; index `v-1` is version `v` |
/// | `P:stream-info:<stream>` | hash | `stream`, `category`, `version`, `last_position`, `last_updated` (ms), `last_type` |
/// | `P:streams-by-recent` | sorted set | stream name, scored by its last position |
/// | `P:streams-by-name` | sorted set | stream name, score 0 (`ZRANGEBYLEX`) |
/// | `P:category-by-recent:<category>` | sorted set | as `streams-by-recent`, one category |
/// | `P:category-by-name:<category>` | sorted set | as `streams-by-name`, one category |
/// | `P:snapshot:<stream>` | hash | the stream's latest snapshot: `version`, `event_id`, `schema`, `state` (JSON), `taken_at` (ms) |
/// | `P:snapshot-versions:<stream>` | sorted set | the versions of the stream's kept snapshots (the thinned history and the latest), member and score the version |
/// | `P:snapshot-history:<stream>` | hash | those snapshots: fields `<version>:event_id`, `<version>:schema`, `<version>:state`, `<version>:taken_at` |
/// | `P:snapshots` | sorted set | every stream with a snapshot, score 0 (`ZRANGEBYLEX`) |
struct RedisKeys: Sendable {
    let prefix: String

    var head: String { "\(prefix):head" }
    var all: String { "\(prefix):all" }
    var eventIDs: String { "\(prefix):event-ids" }
    var streamsByRecent: String { "\(prefix):streams-by-recent" }
    var streamsByName: String { "\(prefix):streams-by-name" }

    func categoryByRecent(_ category: String) -> String { "\(prefix):category-by-recent:\(category)" }
    func categoryByName(_ category: String) -> String { "\(prefix):category-by-name:\(category)" }
    func positions(_ stream: StreamID) -> String { "\(prefix):stream:\(stream.rawValue)" }
    func info(_ stream: StreamID) -> String { "\(prefix):stream-info:\(stream.rawValue)" }
    /// The stream's turn: the id of the writer holding it, with an expiry (see `WriterTurn`).
    func turn(_ stream: StreamID) -> String { "\(prefix):stream-turn:\(stream.rawValue)" }

    /// The stream's snapshot (``SnapshotStore``).
    func snapshot(_ stream: StreamID) -> String { "\(prefix):snapshot:\(stream.rawValue)" }
    /// The versions of the stream's kept snapshots, scored by version.
    func snapshotVersions(_ stream: StreamID) -> String { "\(prefix):snapshot-versions:\(stream.rawValue)" }
    /// The stream's kept snapshots, four fields per version.
    func snapshotHistory(_ stream: StreamID) -> String { "\(prefix):snapshot-history:\(stream.rawValue)" }
    /// Every stream with a snapshot, for listings.
    var snapshots: String { "\(prefix):snapshots" }

    /// The stream entry id of a global position.
    static func entryID(_ position: Int64) -> String { "\(position)-0" }
}
