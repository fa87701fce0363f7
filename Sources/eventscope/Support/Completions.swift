import ArgumentParser
import EventScope
import EventScopeDemoReadModels
import EventScopeStores
import Foundation

/// Shell completion (`eventscope --generate-completion-script bash|zsh|fish`): command names
/// and field names from the catalog, stream names from the store the command line names
/// (`--store`, else `$EVENTSCOPE_STORE`, else the default), read-model names.
///
/// Completion never creates a store and never waits long: a missing file or a store that does
/// not answer within ``storeTimeout`` completes from the catalog alone (`counter-`, `account-`).
enum Completions {
    /// The longest a completion waits for the store.
    static let storeTimeout: Duration = .milliseconds(1_500)
    /// The most stream names offered.
    static let streamLimit = 200

    /// The catalog's command names (`create`, `increment`, `open`, `deposit`, …).
    static var commandNames: CompletionKind {
        .list(uniqued(EventScope.catalog.allCommands.map(\.name)))
    }

    /// The read models' names.
    static var readModelNames: CompletionKind { .list(DemoProjections.names) }

    /// Stream names from the store, starting with what is typed; for `send`, only streams of
    /// a category the typed command applies to.
    static var streams: CompletionKind {
        .custom { words, _, prefix in await streamNames(words: words, prefix: prefix) }
    }

    /// `field=` for each field of the typed command not given yet.
    static var fields: CompletionKind {
        .custom { words, _, prefix in fieldNames(words: words, prefix: prefix) }
    }

    // MARK: - Computing candidates (pure where possible, so tests can call them)

    /// The command named on a `send` command line, if any: the first positional word after
    /// `send` (options and their values skipped).
    static func typedCommand(in words: [String]) -> String? {
        positionals(after: "send", in: words).first
    }

    /// The categories `command` applies to, or every category when none is typed.
    static func categories(for command: String?) -> [String] {
        let catalog = EventScope.catalog
        guard let command else { return catalog.categories }
        let matching = catalog.categories.filter { catalog.command(command, category: $0) != nil }
        return matching.isEmpty ? catalog.categories : matching
    }

    /// `field=` candidates for the command typed on a `send` line.
    static func fieldNames(words: [String], prefix: String) -> [String] {
        let positional = positionals(after: "send", in: words)
        guard let command = positional.first else { return [] }
        let stream = positional.count > 1 ? positional[1] : nil
        let catalog = EventScope.catalog
        let descriptors = stream.map { StreamID($0).category }.flatMap { catalog.command(command, category: $0) }.map { [$0] }
            ?? catalog.categories.compactMap { catalog.command(command, category: $0) }
        let given = Set(positional.dropFirst(2).compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        return uniqued(descriptors.flatMap(\.fields).map(\.name))
            .filter { !given.contains($0) }
            .map { "\($0)=" }
            .filter { $0.hasPrefix(prefix) }
    }

    /// Stream names of the store on the command line that start with `prefix`; the catalog's
    /// `CATEGORY-` prefixes when the store is missing, down or has none.
    static func streamNames(words: [String], prefix: String) async -> [String] {
        let categories = categories(for: typedCommand(in: words))
        let fallback = categories.map { "\($0)-" }.filter { $0.hasPrefix(prefix) || prefix.hasPrefix($0) }
        guard let location = storeLocation(in: words) else { return fallback }
        let names = await withTaskGroup(of: [String]?.self) { group in
            group.addTask { try? await listStreams(location, categories: categories, prefix: prefix) }
            group.addTask {
                try? await Task.sleep(for: storeTimeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let names, !names.isEmpty else { return fallback }
        return names
    }

    private static func listStreams(_ location: StoreLocation, categories: [String], prefix: String) async throws -> [String] {
        let store = try await location.open(mustExist: true)
        let category = prefix.contains("-") ? StreamID(prefix).category : nil
        var names: [String] = []
        for candidate in categories where category == nil || candidate == category {
            let query = StreamQuery(category: candidate, contains: prefix.isEmpty ? nil : prefix, order: .name)
            let rows = try await store.streams(after: nil, limit: streamLimit, query: query)
            names += rows.map(\.streamID.rawValue).filter { $0.hasPrefix(prefix) }
        }
        return Array(names.prefix(streamLimit))
    }

    /// The store a command line names: `--store URL` / `--store=URL`, else `$EVENTSCOPE_STORE`,
    /// else the default; `nil` if the URL does not parse.
    static func storeLocation(in words: [String]) -> StoreLocation? {
        var text: String?
        for (i, word) in words.enumerated() {
            if word == "--store", i + 1 < words.count {
                text = words[i + 1]
            } else if word.hasPrefix("--store=") {
                text = String(word.dropFirst("--store=".count))
            }
        }
        let environment = ProcessInfo.processInfo.environment[StoreOptions.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        return try? StoreLocation(unquoted(text ?? environment ?? StoreOptions.defaultURL))
    }

    /// Options of `eventscope` subcommands that take a value (their value is not a positional).
    private static let optionsWithValue: Set<String> = [
        "--store", "--command-id", "--read-models", "--at", "--from", "--limit", "--lease-timeout", "--catch-up-page",
    ]

    /// The positional words after the subcommand `subcommand`.
    private static func positionals(after subcommand: String, in words: [String]) -> [String] {
        guard let start = words.firstIndex(of: subcommand) else { return [] }
        var result: [String] = []
        var i = start + 1
        while i < words.count {
            let word = words[i]
            if word.hasPrefix("-") {
                i += optionsWithValue.contains(word) ? 2 : 1
                continue
            }
            result.append(unquoted(word))
            i += 1
        }
        return result
    }

    /// Shell words arrive verbatim: a quoted URL keeps its quotes.
    private static func unquoted(_ word: String) -> String {
        var word = Substring(word)
        if let first = word.first, first == "'" || first == "\"", word.last == first, word.count >= 2 {
            word = word.dropFirst().dropLast()
        }
        return String(word)
    }

    private static func uniqued(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
