import ArgumentParser
import EventScope
import EventScopeExplorer
import Foundation

/// `eventscope snapshots`: the aggregates' stored snapshots, and whether each can be used.
struct SnapshotsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List stored snapshots of aggregate state, and which are stale or corrupt.",
        discussion: """
            A snapshot is the state of an aggregate after some version, written in the \
            background so that a cold load reads it plus the events after it. One is used only \
            when this program would have written the same schema (state shape, event types, \
            upcasters, state version) and the stream still holds the event it was taken at; a \
            stale or corrupt one is listed with why, and ignored: the aggregate is then folded \
            from its events (and a new snapshot written). Each stream is listed once, with its \
            latest snapshot (the one cold loads read) and how many the store keeps for time \
            travel (a thinned history: at most 512 per stream, one every 1,000 versions or more).
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The most snapshots to list.")
    var limit = 100

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
    }

    struct Row {
        /// The stream's latest snapshot.
        var snapshot: StoredSnapshot
        var check: SnapshotCheck
        /// The versions of every snapshot kept for the stream, the latest included.
        var kept: [StreamVersion]
    }

    func run() async throws {
        let catalog = EventScope.catalog
        let (rows, supported) = try await withStore(storeOptions) { store -> ([Row], Bool) in
            guard let snapshots = store as? any SnapshotStore else { return ([], false) }
            var rows: [Row] = []
            var after: StreamID?
            while rows.count < limit {
                let want = min(500, limit - rows.count)
                let page = try await snapshots.snapshots(after: after, limit: want)
                for s in page {
                    let kept = try await snapshots.snapshotVersions(of: s.streamID)
                    rows.append(Row(snapshot: s, check: try await Self.check(s, store: store, catalog: catalog), kept: kept))
                }
                guard let last = page.last, page.count == want else { break }
                after = last.streamID
            }
            return (rows, true)
        }
        if output.json {
            let items: [JSONValue] = rows.map { row in
                let s = row.snapshot
                return .object([
                    ("stream", .string(s.streamID.rawValue)), ("version", .integer(s.version.value)),
                    ("status", .string(row.check.kind)), ("reason", row.check.reason.map(JSONValue.string) ?? .null),
                    ("schema", .string(s.schema)), ("event_id", .string(s.eventID.uuidString)), ("bytes", .integer(s.state.count)),
                    ("taken_at", .string(EventFormatting.timestamp(s.takenAt))),
                    ("kept", .integer(Int64(row.kept.count))), ("oldest_kept", row.kept.first.map { .integer($0.value) } ?? .null),
                ])
            }
            Console.line(JSONValue.object([
                ("supported", .bool(supported)), ("snapshots", .array(items)),
                ("valid", .integer(rows.filter { $0.check == .valid }.count)),
                ("stale", .integer(rows.filter { $0.check.kind == "stale" }.count)),
                ("corrupt", .integer(rows.filter { $0.check.kind == "corrupt" }.count)),
            ]).compact)
            return
        }
        guard supported else {
            Console.line("this store keeps no snapshots: every cold load folds the aggregate's events")
            return
        }
        guard !rows.isEmpty else {
            Console.line("no snapshots yet (an aggregate with a snapshot policy gets one every N events)")
            return
        }
        let table: [[String]] = [["STREAM", "LATEST", "STATUS", "BYTES", "TAKEN", "KEPT", "OLDEST"]]
            + rows.map {
                [Console.visible($0.snapshot.streamID.rawValue), String($0.snapshot.version.value), $0.check.kind,
                 String($0.snapshot.state.count), EventFormatting.timestamp($0.snapshot.takenAt),
                 String($0.kept.count), $0.kept.first.map { String($0.value) } ?? "-"]
            }
        for line in TextTable.render(table) { Console.line(line) }
        for row in rows {
            if let reason = row.check.reason {
                Console.line("\(Console.visible(row.snapshot.streamID.rawValue)): \(row.check.kind), ignored: \(Console.visible(reason))")
            }
        }
    }

    /// What the engine would make of `snapshot`: its schema and bytes against the catalog's
    /// aggregate, then the event it was taken at against the stream.
    static func check(_ snapshot: StoredSnapshot, store: any EventStore, catalog: CommandCatalog) async throws -> SnapshotCheck {
        guard let descriptor = catalog.aggregates[snapshot.streamID.category] else {
            return .stale("no aggregate of category \"\(snapshot.streamID.category)\" is known to this program")
        }
        let check = descriptor.checkSnapshot(snapshot, codec: catalog.codec)
        guard check == .valid else { return check }
        let at = try await store.read(snapshot.streamID, from: snapshot.version, limit: 1).first
        guard let at, at.version == snapshot.version, at.eventID == snapshot.eventID else {
            return .stale("the stream no longer holds event \(snapshot.eventID.uuidString) at version \(snapshot.version.value)")
        }
        return .valid
    }
}
