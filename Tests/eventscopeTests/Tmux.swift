import Foundation
import Testing

/// A program running in a detached tmux server, driven like a person at a terminal: for
/// end-to-end tests of full-screen UIs.
///
/// Each session gets its own server (`tmux -L <unique socket>`, no config file), so tests
/// never see each other or the user's tmux. Always ``kill()`` it (e.g. in a `defer`).
///
/// ```swift
/// let tmux = try TmuxSession.start("sh", width: 100, height: 30)
/// defer { tmux.kill() }
/// tmux.type("eventscope tui-demo"); tmux.sendKeys("Enter")
/// try await tmux.waitFor("size 100x30")
/// ```
struct TmuxSession: Sendable {
    /// A wait that ran out of time, with the screen as last seen.
    struct Timeout: Error, CustomStringConvertible {
        let waitingFor: String
        let screen: String
        var description: String { "timed out waiting for \(waitingFor); the screen was:\n\(screen)" }
    }

    /// A tmux command that failed.
    struct CommandFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        var description: String { "tmux \(arguments.joined(separator: " ")) exited \(status): \(output)" }
    }

    /// The server's socket name (`tmux -L`).
    let socket: String
    /// The session (and window) target.
    let target = "main"

    /// Whether tmux is installed.
    static var isAvailable: Bool {
        (try? run(["-V"])).map { $0.status == 0 } ?? false
    }

    /// A POSIX shell in a session of `width` × `height`, with the prompt `$ ` and a UTF-8
    /// locale: where the explorer tests type their commands.
    static func shell(width: Int, height: Int) throws -> TmuxSession {
        try start("sh", width: width, height: height, environment: ["PS1": "$ ", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
    }

    /// Starts `command` in a new detached session of `width`×`height` on a fresh server.
    /// - Parameters:
    ///   - environment: Variables set for the command (on top of the test's environment).
    ///   - terminal: The `TERM` the pane advertises.
    static func start(_ command: String, width: Int = 100, height: Int = 30, environment: [String: String] = [:], terminal: String = "tmux-256color") throws -> TmuxSession {
        let session = TmuxSession(socket: "es-test-\(getpid())-\(UUID().uuidString.prefix(8))")
        var arguments = [
            "start-server", ";",
            "set-option", "-g", "default-terminal", terminal, ";",
            "set-option", "-g", "exit-empty", "off", ";",
            "new-session", "-d", "-s", session.target, "-x", "\(width)", "-y", "\(height)",
        ]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append(command)
        try session.tmux(arguments)
        try session.tmux(["set-option", "-t", session.target, "remain-on-exit", "on"])
        return session
    }

    // MARK: - Driving

    /// Runs a tmux command on this session's server and returns its standard output.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try Self.run(["-L", socket, "-f", "/dev/null"] + arguments)
        guard result.status == 0 else { throw CommandFailed(arguments: arguments, status: result.status, output: result.output) }
        return result.output
    }

    /// Sends tmux key names (`"Up"`, `"Enter"`, `"C-c"`, `"Escape"`), one key each.
    func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", target] + keys)
    }

    /// Types `text` literally (UTF-8 included).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", target, "-l", text])
    }

    /// Types `line` and presses Enter.
    func typeLine(_ line: String) throws {
        try type(line)
        try sendKeys("Enter")
    }

    /// The visible screen as text, one line per row (trailing blanks trimmed by tmux).
    func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", target])
    }

    /// Resizes the window, as a person resizing the terminal would (the program gets SIGWINCH).
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", "\(width)", "-y", "\(height)"])
    }

    /// A tmux format evaluated for the pane, e.g. `"#{alternate_on}"`, `"#{cursor_flag}"`,
    /// `"#{pane_pid}"`, `"#{pane_dead}"`.
    func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", target, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until it contains `text`.
    /// - Returns: The screen that matched.
    /// - Throws: ``Timeout`` with the last screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = .seconds(10)) async throws -> String {
        try await waitUntil("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Polls the screen until `predicate` holds.
    @discardableResult
    func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ predicate: (String) throws -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        while true {
            screen = try capture()
            if try predicate(screen) { return screen }
            guard ContinuousClock.now < deadline else { throw Timeout(waitingFor: what, screen: screen) }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Polls a format (see ``display(_:)``) until it equals `value`.
    func waitFor(format: String, toBe value: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = try display(format)
            if current == value { return }
            guard ContinuousClock.now < deadline else {
                throw Timeout(waitingFor: "\(format) == \(value) (is \(current))", screen: (try? capture()) ?? "")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Checks that the program in the pane restored the terminal when it ended: main screen
    /// (not the alternate one), cursor visible, and the line discipline back in canonical
    /// mode with echo (what `endwin` restores). Needs a shell at a prompt in the pane.
    func expectTerminalRestored(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await waitFor(format: "#{alternate_on}", toBe: "0")
        #expect(try display("#{cursor_flag}") == "1", "cursor left hidden", sourceLocation: sourceLocation)
        try typeLine(#"printf 'STTY-%s-%s\n' "$(stty -a | tr -s ' ;' '\n\n' | grep -cx icanon)" "$(stty -a | tr -s ' ;' '\n\n' | grep -cx echo)""#)
        let screen = try await waitUntil("stty report") { $0.contains("STTY-1-1") || $0.contains("STTY-0-") || $0.contains("-0\n") }
        #expect(screen.contains("STTY-1-1"), "terminal left without icanon/echo:\n\(screen)", sourceLocation: sourceLocation)
    }

    /// Kills the server and everything running in it, and removes its socket file.
    func kill() {
        _ = try? Self.run(["-L", socket, "kill-server"])
        let directory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(directory)/tmux-\(getuid())/\(socket)")
    }

    // MARK: - Process

    /// Runs the tmux client and returns its status and output.
    ///
    /// Spawned with `posix_spawn` and a clean signal state rather than `Process`: a child
    /// inherits the test runner thread's blocked-signal mask, and a tmux server started with
    /// SIGCHLD/SIGHUP/SIGWINCH blocked (and the shells and programs it starts) never reaps its
    /// panes, never exits on `kill-server`, and never delivers resizes. Output goes to a
    /// temporary file, not a pipe: the server the client forks keeps inherited descriptors
    /// open, so reading a pipe to its end would wait for the server to exit.
    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw CommandFailed(arguments: arguments, status: -1, output: "cannot run tmux: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return (exitStatus, String(decoding: data, as: UTF8.self))
    }
}
