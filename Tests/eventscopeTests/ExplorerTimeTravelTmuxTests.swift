import Foundation
import Testing

/// Time travel in a real terminal on an aggregate the engine snapshotted: the inspector says
/// how each state was loaded (from the newest snapshot the store kept at or before the version),
/// and the state is the one `eventscope show --at` folds from v1.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ExplorerTimeTravelTmuxTests {
    @Test("1. the head loads from the snapshot and says so; v1 and a middle version show the state show --at folds")
    func timeTravelFromTheSnapshot() async throws {
        let binary = try EventScopeBinary.path()
        let scratch = CLIScratch("travel")
        defer { scratch.remove() }
        let store = scratch.store()
        // One counter, 3,000 increments: the engine snapshots it every 1,000 events.
        _ = try ExplorerTmuxTests.eventscope(binary, ["demo", "--store", store, "--clients", "4", "--aggregates", "1", "--commands", "3000"])
        // One more command from another process: the head (v3002) is then past the snapshot.
        _ = try ExplorerTmuxTests.eventscope(binary, ["send", "increment", "counter-demo-0", "--store", store])
        let listing = try ExplorerTmuxTests.eventscope(binary, ["snapshots", "--store", store, "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(listing.output.utf8)) as? [String: Any]
        let snapshot = try #require((json?["snapshots"] as? [[String: Any]])?.first, "\(listing.output)")
        let at = try #require(snapshot["version"] as? Int)
        #expect(snapshot["status"] as? String == "valid")
        #expect(at >= 1_000 && at <= 3_002, "\(listing.output)")
        // The store keeps a history: one snapshot per 1,000 versions (about v1,000, 2,000, 3,000).
        let kept = try #require(snapshot["kept"] as? Int, "\(listing.output)")
        let oldest = try #require(snapshot["oldest_kept"] as? Int, "\(listing.output)")
        #expect(kept >= 2 && oldest >= 1_000 && oldest < 2_000, "\(listing.output)")
        let tmux = try TmuxSession.shell(width: 160, height: 40)
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' --store '\(store)' --read-only; echo EXPLORER-EXIT=$?")
        try await tmux.waitFor("counter-demo-0")
        try tmux.type("1")
        try tmux.sendKeys("Enter")
        let head = try await tmux.waitUntil("the head's state") { $0.contains("State at v3002") }
        if at < 3_002 {
            let grouped = at >= 1_000 ? "\(at / 1_000),\(String(format: "%03d", at % 1_000))" : "\(at)"
            #expect(head.contains("snapshot at v\(grouped) + \(3_002 - at) event"), "the head starts from the engine's snapshot at v\(at): \(head)")
        } else {
            // A snapshot at the head itself, and the head near v1: folded, with its change.
            #expect(head.contains("folded from v1 (3,002 events)"), "\(head)")
        }
        #expect(head.contains("\"count\": 3001"), "\(head)")

        try tmux.type("#")
        try tmux.type("1")
        try tmux.sendKeys("Enter")
        let first = try await tmux.waitUntil("v1") { $0.contains("State at v1 ") }
        #expect(first.contains("folded from v1 (1 event)"), "\(first)")
        #expect(first.contains("\"count\": 0"), "\(first)")

        try tmux.type("#")
        try tmux.type("1234")
        try tmux.sendKeys("Enter")
        let middle = try await tmux.waitUntil("v1234") { $0.contains("State at v1234 ") }
        // From the history's oldest snapshot when it is before v1234 (the only one there),
        // else folded from v1; never from a later snapshot.
        if oldest < 1_234 {
            #expect(middle.contains("snapshot at v1,\(String(format: "%03d", oldest % 1_000)) + \(1_234 - oldest) event"), "\(middle)")
        } else {
            #expect(middle.contains("folded from v1"), "\(middle)")
        }
        let show = try ExplorerTmuxTests.eventscope(binary, ["show", "counter-demo-0", "--at", "1234", "--store", store])
        #expect(show.output.contains("\"count\" : 1233") || show.output.contains("\"count\": 1233"), "show --at folds from v1: \(show.output)")
        #expect(middle.contains("\"count\": 1233"), "the same state: \(middle)")
        try tmux.type("q")
        try await tmux.waitFor("EXPLORER-EXIT=0")
    }
}
