import Foundation
import Testing

/// Issue 14 in a real terminal: what the explorer does where the terminal matters.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ExplorerTruthTmuxTests {
    @Test("5. --read-only on a mistyped path says so and creates no file")
    func readOnlyNeverCreatesAStore() async throws {
        let binary = try EventScopeBinary.path()
        let scratch = CLIScratch("ro-missing")
        defer { scratch.remove() }
        let tmux = try TmuxSession.start("sh", width: 120, height: 30, environment: ["PS1": "$ ", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' --read-only --store '\(scratch.store("typo.sqlite"))'; echo EXPLORER-EXIT=$?")
        // (The typed line itself holds "EXPLORER-EXIT=$?": wait for a digit after the "=".)
        let screen = try await tmux.waitUntil("the explorer exits") { $0.range(of: "EXPLORER-EXIT=[0-9]", options: .regularExpression) != nil }
        #expect(screen.contains("no store at"), "\(screen)")
        #expect(screen.contains("EXPLORER-EXIT=5"), "store_unavailable's exit status: \(screen)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty, "no database, -wal or -shm")
    }

    @Test("4. a command typed on the too-small screen is not sent")
    func nothingIsSentBehindTheTooSmallScreen() async throws {
        let binary = try EventScopeBinary.path()
        let scratch = CLIScratch("too-small")
        defer { scratch.remove() }
        let store = scratch.store()
        _ = try ExplorerTmuxTests.eventscope(binary, ["send", "create", "counter-1", "--store", store])
        let tmux = try TmuxSession.start("sh", width: 120, height: 30, environment: ["PS1": "$ ", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' --store '\(store)'; echo EXPLORER-EXIT=$?")
        try await tmux.waitFor("Live events")
        try await tmux.waitFor("counter.created")
        try tmux.resize(width: 50, height: 12)
        try await tmux.waitFor("Terminal too small")
        try tmux.type(":increment counter-1")
        try tmux.sendKeys("Enter")
        try await Task.sleep(for: .milliseconds(500))
        try tmux.resize(width: 120, height: 30)
        try await tmux.waitFor("Live events")
        try tmux.type("q")
        try await tmux.waitFor("EXPLORER-EXIT=0")
        let show = try ExplorerTmuxTests.eventscope(binary, ["show", "counter-1", "--store", store])
        #expect(show.output.contains("v1") && !show.output.contains("v2"), "nothing was sent: \(show.output)")
    }
}
