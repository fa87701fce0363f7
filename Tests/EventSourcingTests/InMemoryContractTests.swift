import EventScope
import EventScopeTesting
import Testing

@Test(arguments: StoreContract.checks)
func inMemoryStoreContract(_ check: StoreContract.Check) async throws {
    try await check.run { InMemoryEventStore() }
}
