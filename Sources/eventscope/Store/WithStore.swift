import ArgumentParser
import EventScope

/// Runs a subcommand's body on an open store and closes the store whatever happens, so an
/// error reaches ArgumentParser (one line on stderr, non-zero exit) after clean-up.
/// `reading`: the subcommand only reads, so a missing store is an error, never created.
func withStore<T>(_ options: StoreOptions, reading: Bool = false, _ body: (any EventStore) async throws -> T) async throws -> T {
    let store = try await options.open(mustExist: reading)
    do {
        let result = try await body(store)
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}
