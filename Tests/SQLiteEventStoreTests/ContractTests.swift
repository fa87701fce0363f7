import EventScope
import EventScopeTesting
import EventScopeSQLite
import Testing

/// The shared store contract, on a real file per check.
@Test(arguments: StoreContract.checks)
func sqliteContract(_ check: StoreContract.Check) async throws {
    let directory = TemporaryDirectory("contract")
    defer { directory.remove() }
    try await check.run { try await SQLiteEventStore.open(path: directory.path("events.sqlite")) }
}
