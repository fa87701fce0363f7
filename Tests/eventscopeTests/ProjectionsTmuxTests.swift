import Foundation
import Testing

/// The projections view end to end: the real explorer in tmux, on SQLite and on Redis (read
/// models in a file of their own), with a second process writing — pause, step, resume,
/// rebuild, and a handler that fails on an event, shown and skipped.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ProjectionsTmuxTests {
    static var stores: [String] { ["sqlite", "redis"] }

    @Test(arguments: stores)
    func aPersonWatchesTheReadSide(kind: String) async throws {
        let binary = try EventScopeBinary.path()
        let scratch = CLIScratch("projections")
        defer { scratch.remove() }
        let readModelFile = scratch.path(kind == "sqlite" ? "events.sqlite" : "read-models.sqlite")
        var store = ["--store", kind == "sqlite" ? "sqlite:" + readModelFile : RedisCLIServer.freshStore()]
        let readModels = kind == "sqlite" ? [] : ["--read-models", "sqlite:" + readModelFile]
        store += readModels
        let writer = Array(store.prefix(2))
        let quoted = store.map { "'\($0)'" }.joined(separator: " ")
        for line in [["create", "counter-1"], ["increment", "counter-1"], ["open", "account-ada", "owner=Ada"]] {
            #expect(try ExplorerTmuxTests.eventscope(binary, ["send"] + line + writer).status == 0)
        }
        let tmux = try TmuxSession.shell(width: 120, height: 36)
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' \(quoted); echo EXPLORER-EXIT=$?")
        try await tmux.waitFor("counter-1")

        // ? lists the view; P opens it: both handlers, caught up, with the counters table and its check.
        try tmux.type("?")
        try await tmux.waitFor("Projections: read models")
        try tmux.sendKeys("Escape")
        try tmux.type("P")
        var screen = try await tmux.waitUntil("caught up, counters rows and check") { s in
            s.contains("counters") && s.contains("accounts") && s.contains("caught up with the store") && s.contains("✓ Σ count 1 = 1 increments")
        }
        try await tmux.waitFor("(this explorer)")

        // Pause: the write side moves on, the read side waits; the lag shows.
        try tmux.type("p")
        try await tmux.waitFor("paused at #3")
        for _ in 0..<3 { #expect(try ExplorerTmuxTests.eventscope(binary, ["send", "increment", "counter-1"] + writer).status == 0) }
        screen = try await tmux.waitFor("3 events waiting")
        // Step: one event applied, still paused.
        try tmux.type("n")
        try await tmux.waitFor("paused at #4")
        // Resume: caught up, the count is 4 and the row is highlighted as changed.
        try tmux.type("p")
        screen = try await tmux.waitUntil("resumed and caught up") { $0.contains("✓ Σ count 4 = 4 increments") && $0.contains("caught up with the store") }

        // Rebuild: replayed from position 1, the same count at the end.
        try tmux.type("R")
        try await tmux.waitFor("rebuilding from position 1")
        try await tmux.waitUntil("rebuilt") { $0.contains("✓ Σ count 4 = 4 increments") && $0.contains("caught up with the store") }

        // A failing handler: the accounts table goes away under the read model, the next
        // account event cannot be applied — the view says where and why; s skips it.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [readModelFile, "PRAGMA busy_timeout=5000; DROP TABLE accounts;"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        #expect(try ExplorerTmuxTests.eventscope(binary, ["send", "deposit", "account-ada", "amount=5"] + writer).status == 0)
        try tmux.type("j")
        screen = try await tmux.waitUntil("accounts failed") { $0.contains("FAILED at #7") && $0.contains("no such table") }
        #expect(screen.contains("account.deposited on account-ada"))
        let handlers = try ExplorerTmuxTests.eventscope(binary, ["handlers"] + store)
        #expect(handlers.output.contains("failed"), "\(handlers.output)")
        try tmux.type("s")
        try await tmux.waitFor("1 event skipped by hand")

        // The inspector says what each read model holds for an aggregate.
        try tmux.type("P")
        try await tmux.waitFor("1 Aggregates")
        try tmux.type("1")
        try tmux.type("/")
        try tmux.typeLine("counter-1")
        try await tmux.waitUntil("the filtered list") { $0.contains("/counter-1") && !$0.contains("▶account-ada") }
        try tmux.sendKeys("Enter")
        try await tmux.waitUntil("the inspector's read-model line") { $0.contains("read model counters: count 4, version 5 — up to") }

        try tmux.type("q")
        try await tmux.waitFor("EXPLORER-EXIT=0")
        if kind == "redis" { _ = try? ExplorerTmuxTests.eventscope(binary, ["streams"] + writer) }
    }
}
