import Foundation
import Testing

/// `eventscope tui-demo` in a real terminal (tmux): typed UTF-8 and arrows arrive as keys,
/// resizes are noticed, and the terminal is restored however the program ends.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct TUIDemoTmuxTests {
    /// A shell in tmux, so that after the demo exits we can inspect the terminal it left.
    func startShell(width: Int = 100, height: Int = 30) throws -> (TmuxSession, String) {
        let binary = try EventScopeBinary.path()
        let tmux = try TmuxSession.shell(width: width, height: height)
        return (tmux, binary)
    }

    /// Waits for the demo to leave the screen, then checks its exit status and that the pane's
    /// terminal is back to normal (see ``TmuxSession/expectTerminalRestored()``).
    ///
    /// The status is asked for in a new command line: a shell abandons the rest of a command
    /// list whose command died of SIGINT, so `demo; echo $?` would print nothing then.
    func expectExited(_ tmux: TmuxSession, status: Int32) async throws {
        try await tmux.waitFor(format: "#{alternate_on}", toBe: "0")
        try tmux.typeLine("echo DEMO-EXIT=$?")
        try await tmux.waitFor("DEMO-EXIT=\(status)")
        try await tmux.expectTerminalRestored()
    }

    /// Checks the pane's terminal is back to normal; kept for callers in other suites.
    func expectRestored(_ tmux: TmuxSession) async throws {
        try await tmux.expectTerminalRestored()
    }

    @Test func typedKeysResizeAndQuit() async throws {
        let (tmux, binary) = try startShell()
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' tui-demo")
        try await tmux.waitFor("size 100x30")
        #expect(try tmux.display("#{alternate_on}") == "1")

        // UTF-8 text arrives as characters and is shown in the field.
        try tmux.type("é日本")
        try await tmux.waitFor("> é日本")
        try await tmux.waitFor("last key 本")

        // Arrows move the field's cursor: typing after ← inserts before the last character.
        try tmux.sendKeys("Left")
        try await tmux.waitFor("last key ←")
        try tmux.type("x")
        try await tmux.waitFor("> é日x本")
        try tmux.sendKeys("Up")
        try await tmux.waitFor("last key ↑")
        try tmux.sendKeys("F5")
        try await tmux.waitFor("last key F5")

        // Control characters typed are shown by name, never echoed raw.
        try tmux.sendKeys("C-w")
        try await tmux.waitFor("last key Ctrl-W")

        // Resize: the new size is shown and the frame fits it.
        try tmux.resize(width: 60, height: 20)
        let resized = try await tmux.waitFor("size 60x20")
        let lines = resized.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count <= 20)
        #expect(lines.allSatisfy { $0.count <= 60 })

        try tmux.type("q")
        try await expectExited(tmux, status: 0)
    }

    @Test(arguments: [("TERM", SIGTERM), ("INT", SIGINT)])
    func signalRestoresTheTerminal(name: String, signal: Int32) async throws {
        let (tmux, binary) = try startShell()
        defer { tmux.kill() }
        try tmux.typeLine("'\(binary)' tui-demo")
        try await tmux.waitFor("size 100x30")
        // The demo is the only child of the pane's shell.
        let shellPID = try tmux.display("#{pane_pid}")
        let demoPID = try childPID(of: shellPID)
        #expect(kill(demoPID, signal) == 0)
        try await expectExited(tmux, status: 128 + signal)
    }

    // A crash cannot wait for the curses thread: the crash guard restores the terminal from
    // the signal handler, then the signal kills the process (a Swift trap is SIGILL).
    @Test(arguments: [("ILL", SIGILL), ("SEGV", SIGSEGV), ("ABRT", SIGABRT)])
    func crashRestoresTheTerminal(name: String, signal: Int32) async throws {
        let (tmux, binary) = try startShell()
        defer { tmux.kill() }
        try tmux.typeLine("ulimit -c 0")
        try tmux.typeLine("'\(binary)' tui-demo")
        try await tmux.waitFor("size 100x30")
        let demoPID = try childPID(of: try tmux.display("#{pane_pid}"))
        #expect(kill(demoPID, signal) == 0)
        try await expectExited(tmux, status: 128 + signal)
    }

    private func childPID(of parent: String) throws -> pid_t {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ps", "-o", "pid=", "--ppid", parent]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let pids = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { pid_t($0) }
        try #require(pids.count == 1, "expected one child of the pane shell, found \(pids)")
        return pids[0]
    }
}
