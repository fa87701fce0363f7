import ArgumentParser
import EventScope
import EventScopeStores
import Foundation

/// `--store URL` for every subcommand, with `$EVENTSCOPE_STORE` and then
/// `sqlite:eventscope.sqlite` as fallbacks, parsed once into a ``StoreLocation`` while the
/// arguments are parsed: a bad URL, of any kind of store, is one message with the usage.
struct StoreOptions: ParsableArguments {
    /// The store used when neither `--store` nor `$EVENTSCOPE_STORE` names one.
    static let defaultURL = "sqlite:eventscope.sqlite"
    /// The environment variable consulted when `--store` is not given.
    static let environmentVariable = "EVENTSCOPE_STORE"

    // `transform:` rather than `ExpressibleByArgument`: its failable initializer cannot say
    // what is wrong with a URL, and the reason is the message people need.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The event store: sqlite:PATH[?sync=normal], redis://[[user]:password@]host[:port][/db][?prefix=NAME] or memory: (default: $EVENTSCOPE_STORE, else \(StoreOptions.defaultURL)).",
            valueName: "url"),
        transform: { text throws(StoreLocationError) in try StoreLocation(text) })
    var store: StoreLocation?

    /// The store in effect: `--store`, else `$EVENTSCOPE_STORE`, else the default (filled in
    /// by ``validate()``, which runs before any subcommand does).
    var location: StoreLocation { store ?? .sqlite(path: "eventscope.sqlite", durable: true) }

    /// Parses `$EVENTSCOPE_STORE` (or the default) when `--store` is not given, so every
    /// store URL is parsed once, here or by `--store`.
    mutating func validate() throws {
        guard store == nil else { return }
        let environment = ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        do {
            store = try StoreLocation(environment ?? Self.defaultURL)
        } catch {
            throw ValidationError("\(error.description) (from $\(Self.environmentVariable))")
        }
    }

    /// Opens the store the options name; `mustExist` for readers, which never create one.
    func open(mustExist: Bool = false) async throws -> any EventStore {
        try await location.open(mustExist: mustExist)
    }
}
