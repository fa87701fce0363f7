extension AggregateDescriptor {
    /// A folder starting at a stored snapshot's state (its ``StoredSnapshot/version``), for tools
    /// that step through long streams (the explorer's time travel) without folding from
    /// version 1; or why the snapshot cannot be used (``SnapshotCheck/stale(_:)`` or
    /// ``SnapshotCheck/corrupt(_:)``).
    ///
    /// Only the schema and the state's bytes are checked here: whether the stream still holds
    /// the event ``StoredSnapshot/eventID`` at that version is the caller's to check (it reads
    /// the events after the snapshot anyway). A snapshot is never written past an event the
    /// engine could not read, so a folder from a valid snapshot has skipped nothing before it.
    public func folder(from snapshot: StoredSnapshot, codec: EventCodec) -> Result<StateFolder, SnapshotCheck> {
        snapshotFolder(snapshot, codec).mapError(\.check)
    }
}

/// Why a snapshot is not used, as an error (``AggregateDescriptor/folder(from:codec:)``).
extension SnapshotCheck: Error {}
