/// Which of a stream's snapshots a store keeps: the latest, and a thinned history so that
/// time travel to any version starts at most about ``spacing(latest:)`` events away from one.
///
/// The versions are cut into buckets of ``spacing(latest:)`` versions; a store keeps the
/// highest snapshot of each bucket (so the latest is always kept) and drops the others. The
/// spacing starts at ``base`` and doubles as the stream grows, so that a stream never has more
/// than ``limit`` snapshots: with the standard rule (1,000 and 512) a 1,000,000-event stream
/// keeps at most 500, one per 2,000 versions, and any version is within about 2,000 events
/// plus the policy's interval of the snapshot at or before it.
///
/// The rule is a pure function of the stored versions, so every store applies the same one
/// (``kept(_:)``) when a snapshot is written.
public struct SnapshotHistory: Hashable, Sendable {
    /// The narrowest bucket, in versions (at least 1).
    public var base: Int64
    /// The most snapshots kept per stream (at least 1).
    public var limit: Int

    /// Creates a rule.
    public init(base: Int64, limit: Int) {
        precondition(base >= 1 && limit >= 1, "a snapshot history needs base >= 1 and limit >= 1")
        self.base = base
        self.limit = limit
    }

    /// The rule the stores use: buckets of 1,000 versions doubled as needed, at most 512 per stream.
    public static let standard = SnapshotHistory(base: 1_000, limit: 512)

    /// The bucket width for a stream whose latest snapshot is at `latest`: ``base`` doubled
    /// until the buckets `0 … latest / spacing` number at most ``limit``.
    public func spacing(latest: Int64) -> Int64 {
        var spacing = base
        while latest / spacing >= Int64(limit), spacing < Int64.max / 2 { spacing *= 2 }
        return spacing
    }

    /// Which of `versions` (a stream's stored snapshots, any order) to keep: the highest of each
    /// bucket, in ascending order.
    public func kept(_ versions: some Sequence<Int64>) -> [Int64] {
        let all = Set(versions)
        guard let latest = all.max() else { return [] }
        let spacing = spacing(latest: latest)
        var highest: [Int64: Int64] = [:]
        for v in all {
            let bucket = v / spacing
            if let h = highest[bucket], h >= v { continue }
            highest[bucket] = v
        }
        return highest.values.sorted()
    }

    /// The versions to delete when a snapshot at `written` is stored among `stored`: every one
    /// past it (a snapshot of a history the writer no longer sees, or superseded by the write)
    /// and those the thinning drops.
    public func dropped(whenWriting written: Int64, among stored: some Sequence<Int64>) -> [Int64] {
        let remaining = Set(stored.filter { $0 <= written }).union([written])
        let keep = Set(kept(remaining))
        return Set(stored).subtracting(keep).sorted()
    }
}
