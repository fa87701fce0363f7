import EventScope
import EventScopeTesting
import EventScopeRedis
import Testing

/// The shared store contract, against a real redis-server (each check under its own prefix).
@Suite("Redis store contract")
struct RedisContractTests {
    @Test(arguments: StoreContract.checks)
    func contract(_ check: StoreContract.Check) async throws {
        try await check.run { try await TestRedis.freshStore() }
    }
}
