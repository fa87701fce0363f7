import Foundation
import Testing

/// `--read-only` still runs the read models (whenever the explorer runs, they run), in a
/// private in-memory database: the projections view says so, they catch up and pass their
/// check, and nothing is written — no read-model table in an SQLite store's file, no read-model
/// file for a Redis store.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ReadOnlyProjectionsTmuxTests {
    static var stores: [String] { ["sqlite", "redis"] }

    @Test(arguments: stores)
    func readOnlyKeepsReadModelsInMemory(kind: String) async throws {
        let binary = try EventScopeBinary.path()
        let scratch = CLIScratch("ro-projections")
        defer { scratch.remove() }
        let file = scratch.path("events.sqlite")
        let store = ["--store", kind == "sqlite" ? "sqlite:" + file : RedisCLIServer.freshStore()]
        for line in [["create", "counter-1"], ["increment", "counter-1"], ["increment", "counter-1"]] {
            #expect(try ExplorerTmuxTests.eventscope(binary, ["send"] + line + store).status == 0)
        }
        /// The file's whole content as SQL (the store's own open may touch the file's header —
        /// any reader does, see the report — but no row or table may change).
        func tables() throws -> String {
            let sqlite = Process()
            let pipe = Pipe()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            sqlite.arguments = ["-readonly", file, ".dump"]
            sqlite.standardOutput = pipe
            try sqlite.run()
            sqlite.waitUntilExit()
            return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        let before = kind == "sqlite" ? try tables() : ""

        let tmux = try TmuxSession.shell(width: 120, height: 36)
        defer { tmux.kill() }
        let quoted = store.map { "'\($0)'" }.joined(separator: " ")
        try tmux.typeLine("cd '\(scratch.url.path)' && '\(binary)' \(quoted) --read-only; echo EXPLORER-EXIT=$?")
        try await tmux.waitFor("counter-1")
        try tmux.type("P")
        let screen = try await tmux.waitUntil("read models caught up, kept in memory") { s in
            s.contains("read models kept in memory: read-only") && s.contains("caught up with the store") && s.contains("✓ Σ count 2 = 2 increments")
        }
        #expect(screen.contains("READ-ONLY"))
        // A rebuild works on the private copy too.
        try tmux.type("R")
        try await tmux.waitUntil("rebuilt") { $0.contains("✓ Σ count 2 = 2 increments") && $0.contains("caught up with the store") }
        try tmux.type("q")
        try await tmux.waitFor("EXPLORER-EXIT=0")

        if kind == "sqlite" {
            #expect(try tables() == before)
            #expect(!(try tables()).contains("read_model"))
            #expect(before.contains("counter.incremented"))
        }
        // No read-model file anywhere it would go by default.
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.contains("read-models") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test
    func readOnlyRefusesAReadModelFile() throws {
        let binary = try EventScopeBinary.path()
        let result = try ExplorerTmuxTests.eventscope(binary, ["explore", "--read-only", "--read-models", "sqlite:/tmp/x.sqlite", "--store", "memory:"])
        #expect(result.status != 0)
        #expect(result.output.contains("--read-only keeps the read models in memory"), "\(result.output)")
    }
}
