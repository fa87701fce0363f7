import Foundation
import Testing

/// The causality X-ray end to end: the real explorer in tmux on SQLite and Redis runs the
/// transfer process manager; a transfer typed on its command line is followed hop by hop, a
/// pending step is shown while the process manager is paused, and the tail is filtered to the
/// correlation.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct XRayTmuxTests {
    static var stores: [String] { ["sqlite", "redis"] }

    /// The rows of `screen` that contain each needle, in order (nil when one is missing).
    static func rows(_ screen: String, _ needles: [String]) -> [Int?] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        return needles.map { needle in lines.firstIndex { $0.contains(needle) } }
    }

    @Test(arguments: stores)
    func aPersonFollowsATransfer(kind: String) async throws {
        let binary = try EventScopeBinary.path()
        let scratch = CLIScratch("xray")
        defer { scratch.remove() }
        let writer = ["--store", kind == "sqlite" ? scratch.store() : RedisCLIServer.freshStore()]
        let store = writer + (kind == "sqlite" ? [] : ["--read-models", scratch.store("read-models.sqlite")])
        for line in [["open", "account-ada", "owner=Ada"], ["deposit", "account-ada", "amount=120"], ["open", "account-alan", "owner=Alan"]] {
            #expect(try ExplorerTmuxTests.eventscope(binary, ["send"] + line + writer).status == 0)
        }
        let tmux = try TmuxSession.shell(width: 150, height: 40)
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' \(store.map { "'\($0)'" }.joined(separator: " ")); echo EXPLORER-EXIT=$?")
        try await tmux.waitFor("account-alan")

        // The transfer from the command line: the process manager (run by this explorer) moves it.
        try tmux.type(":")
        try tmux.typeLine("transfer account-ada to=account-alan amount=30")
        try await tmux.waitFor("account.transfer-received", timeout: .seconds(15))

        // x on the request (position 4): every hop, in order, with the time of each.
        try tmux.type("2")
        try tmux.type("#")
        try tmux.typeLine("4")
        try await tmux.waitFor("▶  4 ")
        try tmux.type("x")
        let screen = try await tmux.waitUntil("the whole chain") { $0.contains("Causality X-ray of #4") && $0.contains("account.transfer-received {") }
        let order = Self.rows(screen, [
            "▶ explorer: transfer account-ada to=account-alan amount=30", "#4 account-ada v3 account.transfer-requested",
            "↳ process:transfers: send transfer from account-ada to account-alan amount=30  +", "#5 account-ada v4 account.transfer-sent",
            "↳ process:transfers: receive transfer into account-alan from account-ada amount=30  +", "#6 account-alan v2 account.transfer-received",
        ])
        #expect(!order.contains(nil) && order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(screen)")
        #expect(screen.contains(" ms"), "\(screen)")
        #expect(!screen.contains("pending"), "\(screen)")

        // f: the live events show this correlation only (the deposit of #2 is not in it).
        try tmux.type("f")
        let filtered = try await tmux.waitFor("correlation ")
        #expect(!filtered.contains("account.deposited"), "\(filtered)")
        try tmux.sendKeys("Escape")

        // Paused process manager: a second transfer's next step is pending, then done once resumed.
        try tmux.type("P")
        try await tmux.waitFor("transfers")
        try tmux.type("j")
        try tmux.type("j")
        try tmux.type("p")
        try await tmux.waitFor("paused at #6")
        try tmux.type("P")
        try tmux.type(":")
        try tmux.typeLine("transfer account-ada to=account-alan amount=5")
        try await tmux.waitFor("→ v5 account.transfer-requested")
        try tmux.type("2")
        try tmux.type("#")
        try tmux.typeLine("7")
        try await tmux.waitFor("▶  7 ")
        try tmux.type("x")
        try await tmux.waitFor("… pending: transfers has not reacted yet (its checkpoint is #6)")
        try tmux.sendKeys("Escape")
        try tmux.type("P")
        try await tmux.waitFor("paused at #6")
        try tmux.type("p")
        try await tmux.waitFor("caught up with the store", timeout: .seconds(15))
        try tmux.type("P")
        try tmux.type("2")
        try tmux.type("#")
        try tmux.typeLine("7")
        try await tmux.waitFor("▶  7 ")
        try tmux.type("x")
        let done = try await tmux.waitUntil("the second chain done") { $0.contains("Causality X-ray of #7") && $0.contains("account.transfer-received {\"amount\":5") }
        #expect(!done.contains("pending"), "\(done)")

        try tmux.sendKeys("Escape")
        try tmux.type("q")
        try await tmux.waitFor("EXPLORER-EXIT=0")
    }
}
