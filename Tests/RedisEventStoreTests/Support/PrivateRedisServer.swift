import Foundation

/// A redis-server of one test's own, on a free loopback port, that the test may stop and
/// start again (the shared test server is never disturbed). Persistent by default
/// (append-only file, fsync always) so a restart keeps the data, as a real outage would.
final class PrivateRedisServer: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server, one call at a time.
    let port: Int
    let directory: URL
    private let arguments: [String]
    private let password: String?
    private var process: Process?

    var url: String { "redis://127.0.0.1:\(port)" }

    init(persistent: Bool = true, extraArguments: [String] = []) throws {
        port = try freeLoopbackPort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-redis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        arguments = [
            "--bind", "127.0.0.1", "--port", String(port), "--dir", directory.path, "--save", "",
            "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always", "--daemonize", "no",
            "--logfile", directory.appendingPathComponent("redis.log").path,
        ] + extraArguments
        password = extraArguments.firstIndex(of: "--requirepass").map { extraArguments[$0 + 1] }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts the server and waits (up to 10 s) until it answers.
    func start() async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["redis-server"] + arguments
        try p.run()
        process = p
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let ping = runTool("redis-cli", ["-p", String(port), "ping"]).output
            if ping.contains("PONG") || ping.contains("NOAUTH") { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw ServerError(message: "redis-server on port \(port) did not answer within 10 s")
    }

    /// Stops the server with `SHUTDOWN` (Redis flushes its append-only file and exits) and waits.
    ///
    /// Not SIGTERM: a child spawned from a dispatch worker thread inherits that thread's
    /// blocked signals, so redis-server would never see it.
    func stop() {
        guard let p = process else { return }
        cli("SHUTDOWN")
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        process = nil
    }

    /// Runs `redis-cli` against this server.
    @discardableResult
    func cli(_ arguments: String...) -> String {
        let auth = password.map { ["--no-auth-warning", "-a", $0] } ?? []
        return runTool("redis-cli", ["-p", String(port)] + auth + arguments).output
    }

    struct ServerError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
