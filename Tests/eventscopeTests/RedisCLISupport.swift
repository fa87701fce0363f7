import Foundation

/// The Redis server the CLI tests use: `$EVENTSCOPE_TEST_REDIS_URL` (set by `make test`), or
/// one started here with `scripts/redis-test-server.sh` — these tests never skip.
enum RedisCLIServer {
    static let url: String = {
        if let url = ProcessInfo.processInfo.environment["EVENTSCOPE_TEST_REDIS_URL"], !url.isEmpty { return url }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/redis-test-server.sh").path
        let started = redisTool(script, ["start"])
        guard started.status == 0 else { fatalError("could not start the test redis-server: \(started.output)") }
        return redisTool(script, ["url"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// A store URL under a prefix no other test uses.
    static func freshStore() -> String { "\(url)?prefix=cli-\(UUID().uuidString.prefix(8))" }
}

/// A persistent redis-server of one test's own on a free port, to stop and start again
/// without disturbing the shared one.
final class RedisServerProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched by the owning test, one call at a time.
    let port: Int
    let directory: URL
    private var process: Process?

    var url: String { "redis://127.0.0.1:\(port)" }

    init() throws {
        // A free port: bind to 0, read it back, release it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        close(fd)
        port = Int(UInt16(bigEndian: address.sin_port))
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-cli-redis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts redis-server (append-only file, fsync always: a restart keeps every write) and
    /// waits until it answers.
    func start() async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "redis-server", "--bind", "127.0.0.1", "--port", String(port), "--dir", directory.path, "--save", "",
            "--appendonly", "yes", "--appendfsync", "always", "--logfile", directory.appendingPathComponent("redis.log").path,
        ]
        try p.run()
        process = p
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if redisTool("redis-cli", ["-p", String(port), "ping"]).output.contains("PONG") { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw CLIBinary.Problem(description: "redis-server on port \(port) did not answer within 10 s")
    }

    /// Shuts the server down with `SHUTDOWN` (a child of a dispatch thread may not see SIGTERM).
    func stop() {
        guard let p = process else { return }
        _ = redisTool("redis-cli", ["-p", String(port), "SHUTDOWN"])
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        process = nil
    }
}

/// Runs a tool to completion (`redis-cli`, the server script); exit status and output.
func redisTool(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path.hasPrefix("/") ? path : "/usr/bin/env")
    process.arguments = path.hasPrefix("/") ? arguments : [path] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return (-1, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
