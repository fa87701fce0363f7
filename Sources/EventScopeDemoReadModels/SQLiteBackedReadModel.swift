import EventScope
import EventScopeSQLite
/// A read model whose handling is an ``SQLiteReadModel``'s (tables, checkpoint, skips, lease in
/// one database) and which adds what people see: rows, rows per aggregate, a check.
public protocol SQLiteBackedReadModel: ReadModel {
    /// The tables, checkpoint and lease.
    var base: SQLiteReadModel { get }
}

extension SQLiteBackedReadModel {
    public var name: String { base.name }
    public func checkpoint() async throws -> GlobalPosition { try await base.checkpoint() }
    public func handle(_ events: [RecordedEvent]) async throws { try await base.handle(events) }
    public func reset() async throws { try await base.reset() }
    public func skip(_ event: RecordedEvent, reason: String) async throws { try await base.skip(event, reason: reason) }
    public func skipped() async throws -> [SkippedEvent] { try await base.skipped() }
    public func renew(_ lease: HandlerLease, staleAfter: Duration) async throws -> HandlerLease { try await base.renew(lease, staleAfter: staleAfter) }
    public func recordedLease() async throws -> HandlerLease? { try await base.recordedLease() }
    public func release(_ keeper: HandlerKeeper) async { await base.release(keeper) }
}
