import ArgumentParser
import EventSourcing
import Foundation

/// `--store URL` for every subcommand, with `$EVENTSCOPE_STORE` and then
/// `sqlite:eventscope.sqlite` as fallbacks.
struct StoreOptions: ParsableArguments {
    /// The store used when neither `--store` nor `$EVENTSCOPE_STORE` names one.
    static let defaultURL = "sqlite:eventscope.sqlite"
    /// The environment variable consulted when `--store` is not given.
    static let environmentVariable = "EVENTSCOPE_STORE"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The event store: sqlite:PATH[?sync=normal], redis://[[user]:password@]host[:port][/db][?prefix=NAME] or memory: (default: $EVENTSCOPE_STORE, else \(StoreOptions.defaultURL)).",
            valueName: "url"))
    var store: String?

    /// The store URL in effect: `--store`, else `$EVENTSCOPE_STORE`, else the default.
    var url: String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment[Self.environmentVariable], !env.isEmpty { return env }
        return Self.defaultURL
    }

    /// Rejects a malformed store URL while parsing, so the message comes with the usage.
    func validate() throws {
        do {
            _ = try StoreLocation(url)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens the store the options name.
    func open() async throws -> any EventStore {
        try await openStore(url)
    }
}

/// `--json` for subcommands that can print machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
