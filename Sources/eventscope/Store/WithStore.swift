import ArgumentParser
import EventSourcing

/// Runs a subcommand's body on an open store and closes the store whatever happens, so an
/// error reaches ArgumentParser (one line on stderr, non-zero exit) after clean-up.
func withStore<T>(_ options: StoreOptions, _ body: (any EventStore) async throws -> T) async throws -> T {
    let store = try await options.open()
    do {
        let result = try await body(store)
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}
