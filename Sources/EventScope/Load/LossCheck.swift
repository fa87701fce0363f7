import Foundation

/// The end-of-load check: every event a command was acknowledged for must be in the store.
///
/// Each acknowledged event is looked up by id in its stream, read back from the store after the
/// version it had before the load (so the check costs what the load wrote, not the whole
/// stream). Events written meanwhile by anyone else are neither lost nor counted as ours, and a
/// command that failed (refused, conflict, store down, in doubt) was never acknowledged, so
/// whatever it did or did not write is not counted either.
public struct LossCheck: Hashable, Sendable {
    /// One stream: events acknowledged during the load and how many of them the store holds.
    public struct Row: Hashable, Sendable {
        /// The stream.
        public var stream: StreamID
        /// Events acknowledged for it during the load.
        public var acknowledged: Int
        /// How many of those the store holds (never more than `acknowledged`).
        public var stored: Int
        /// Events the stream gained during the load that were not ours (another writer's).
        public var others: Int

        /// Creates a row.
        public init(stream: StreamID, acknowledged: Int, stored: Int, others: Int = 0) {
            self.stream = stream
            self.acknowledged = acknowledged
            self.stored = min(stored, acknowledged)
            self.others = others
        }

        /// Acknowledged events missing from the store.
        public var lost: Int { acknowledged - stored }
    }

    /// Per-stream totals, in the order of the streams checked.
    public var rows: [Row]

    /// Creates a check from rows.
    public init(rows: [Row]) { self.rows = rows }

    /// Events acknowledged in total.
    public var acknowledged: Int { rows.reduce(0) { $0 + $1.acknowledged } }
    /// Acknowledged events found in the store.
    public var stored: Int { rows.reduce(0) { $0 + $1.stored } }
    /// Acknowledged events missing from the store: 0 is the promise.
    public var lost: Int { rows.reduce(0) { $0 + $1.lost } }

    /// Looks every acknowledged event up in the store.
    /// - Parameters:
    ///   - store: the store the load wrote to.
    ///   - acknowledged: event ids by stream (``LoadReport/acknowledged``).
    ///   - baseline: each stream's version before the load (``LoadGenerator/prepare()``); a
    ///     stream missing from it is read from version 1.
    /// - Throws: the store's error when a stream cannot be read.
    public static func run(store: any EventStore, acknowledged: [StreamID: [UUID]], after baseline: [StreamID: StreamVersion]) async throws -> LossCheck {
        let streams = Set(acknowledged.keys).union(baseline.keys).sorted { $0.rawValue < $1.rawValue }
        var rows: [Row] = []
        for stream in streams {
            let ours = acknowledged[stream] ?? []
            let events = try await store.readStream(stream, from: (baseline[stream] ?? .none).next)
            let present = Set(events.map(\.eventID))
            let stored = ours.filter { present.contains($0) }.count
            rows.append(Row(stream: stream, acknowledged: ours.count, stored: stored, others: events.count - stored))
        }
        return LossCheck(rows: rows)
    }
}
