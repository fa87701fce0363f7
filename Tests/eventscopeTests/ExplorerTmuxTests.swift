import Foundation
import Testing

/// The explorer end to end: the real binary in a real terminal (tmux), on a temporary SQLite
/// store — and on the test Redis server when `EVENTSCOPE_TEST_REDIS_URL` is set — with a
/// second `eventscope` process writing to the same store.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ExplorerTmuxTests {
    /// The stores to test on: a fresh SQLite file, and a fresh Redis prefix when a server is given.
    static var stores: [String] {
        var kinds = ["sqlite"]
        if let url = ProcessInfo.processInfo.environment["EVENTSCOPE_TEST_REDIS_URL"], !url.isEmpty { kinds.append("redis") }
        return kinds
    }

    static func storeURL(_ kind: String, directory: URL) -> String {
        switch kind {
        case "redis":
            let url = ProcessInfo.processInfo.environment["EVENTSCOPE_TEST_REDIS_URL"]!
            let prefix = "es-explorer-\(getpid())-\(UUID().uuidString.prefix(8))"
            return url + (url.contains("?") ? "&" : "?") + "prefix=\(prefix)"
        default:
            return "sqlite:" + directory.appendingPathComponent("explorer.sqlite").path
        }
    }

    /// Runs `eventscope ARGS` to completion (the "second process").
    @discardableResult
    static func eventscope(_ binary: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: stores)
    func aPersonExploresTheStore(kind: String) async throws {
        let binary = try EventScopeBinary.path()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("es-explorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = Self.storeURL(kind, directory: directory)
        let tmux = try TmuxSession.shell(width: 120, height: 36)
        defer { tmux.kill() }

        // Open: an empty store offers seeding; decline it.
        try tmux.typeLine("'\(binary)' --store '\(store)'; echo EXPLORER-EXIT=$?")
        try await tmux.waitFor("This store has no events yet.")
        #expect(try tmux.display("#{alternate_on}") == "1")
        try tmux.type("n")

        // Create a counter and increment it from the : line; the events and the state show.
        try tmux.type(":create counter-1")
        try tmux.sendKeys("Enter")
        try await tmux.waitFor("→ v1 counter.created")
        try tmux.type(":incr")
        try tmux.sendKeys("Tab")
        try await tmux.waitFor(":increment")
        try tmux.type("counter-1")
        try tmux.sendKeys("Enter")
        try await tmux.waitFor("→ v2 counter.incremented")
        var screen = try await tmux.waitFor("\"count\": 1")
        #expect(screen.contains("counter-1 · v2 of 2"))

        // A second process sends a command: the explorer shows it live, within a second.
        let sent = ContinuousClock.now
        let result = try Self.eventscope(binary, ["send", "--store", store, "increment", "counter-1"])
        #expect(result.status == 0, "send failed: \(result.output)")
        screen = try await tmux.waitFor("\"count\": 2", timeout: .seconds(5))
        let delay = ContinuousClock.now - sent
        #expect(delay < .seconds(1) + .milliseconds(500), "shown after \(delay) (send itself included)")
        #expect(screen.contains("counter-1 · v3 of 3"))

        // A refused command shows its exact reason, and the store is unchanged.
        let before = try Self.eventscope(binary, ["streams", "--store", store, "--json"]).output
        try tmux.type(":withdraw account-9 amount=5")
        try tmux.sendKeys("Enter")
        try await tmux.waitFor("refused: account not opened")
        try tmux.type(":increment")
        try tmux.sendKeys("Enter")
        try await tmux.waitFor("expected COMMAND STREAM")
        let after = try Self.eventscope(binary, ["streams", "--store", store, "--json"]).output
        #expect(before == after, "a refused or malformed command changed the store")
        #expect(!after.contains("account-9"))

        // Pause: a loud badge counts the events that arrive meanwhile.
        try tmux.sendKeys("2")
        try tmux.type("p")
        try await tmux.waitFor("PAUSED +0 new")
        for _ in 0..<3 { try Self.eventscope(binary, ["send", "--store", store, "increment", "counter-1"]) }
        try await tmux.waitFor("PAUSED +3 new")
        try tmux.type("G")
        try await tmux.waitFor("● FOLLOW")

        // Resize: relayout at 80x24, a notice when too small, and back.
        try tmux.resize(width: 80, height: 24)
        screen = try await tmux.waitUntil("80x24 layout") { $0.contains("Live events") && $0.split(separator: "\n").allSatisfy { $0.count <= 80 } }
        try tmux.resize(width: 40, height: 10)
        try await tmux.waitFor("Terminal too small")
        try tmux.resize(width: 120, height: 36)
        try await tmux.waitFor("Command log")

        // q quits cleanly and the terminal is restored.
        try tmux.type("q")
        try await tmux.waitFor("EXPLORER-EXIT=0")
        try await TUIDemoTmuxTests().expectRestored(tmux)
    }

    @Test func readOnlyHidesWritingAndCtrlCQuits() async throws {
        let binary = try EventScopeBinary.path()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("es-explorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = Self.storeURL("sqlite", directory: directory)
        let seeded = try Self.eventscope(binary, ["send", "--store", store, "create", "counter-7"])
        #expect(seeded.status == 0, "\(seeded.output)")
        let tmux = try TmuxSession.shell(width: 120, height: 36)
        defer { tmux.kill() }
        try tmux.typeLine("NO_COLOR=1 '\(binary)' --store '\(store)' --read-only; echo EXPLORER-EXIT=$?")
        let screen = try await tmux.waitFor("counter-7")
        #expect(screen.contains("READ-ONLY"))
        #expect(!screen.contains("[:] cmd"))
        try tmux.type(":")
        try tmux.type("create counter-8")
        try tmux.sendKeys("Enter")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!(try tmux.capture()).contains("counter-8"))
        try tmux.sendKeys("C-c")
        try await tmux.waitFor("EXPLORER-EXIT=0")
        try await TUIDemoTmuxTests().expectRestored(tmux)
    }

    @Test func demoTrafficRunsInsideTheExplorerAndLosesNothing() async throws {
        let binary = try EventScopeBinary.path()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("es-explorer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = Self.storeURL("sqlite", directory: directory)
        let tmux = try TmuxSession.shell(width: 140, height: 40)
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' --store '\(store)' --demo; echo EXPLORER-EXIT=$?")
        try await tmux.waitFor("seeded 6 demo aggregates")
        try tmux.type("D")
        try await tmux.waitFor("conflicts retried")
        try await tmux.waitUntil("some increments acknowledged") { screen in
            screen.range(of: #"[1-9][0-9,]* acked"#, options: .regularExpression) != nil
        }
        try tmux.type("D")
        let screen = try await tmux.waitFor("No update lost", timeout: .seconds(20))
        #expect(screen.contains("none lost"))
        try tmux.type("q")
        try await tmux.waitFor("EXPLORER-EXIT=0")
    }
}
