import Foundation
import EventScopeRedis
/// The shared test server: `$EVENTSCOPE_TEST_REDIS_URL` (set by `make test`), or one this test
/// process starts with `scripts/redis-test-server.sh` — the Redis tests never skip.
enum TestRedis {
    static let url: String = {
        if let url = ProcessInfo.processInfo.environment["EVENTSCOPE_TEST_REDIS_URL"], !url.isEmpty { return url }
        let script = packageRoot.appendingPathComponent("scripts/redis-test-server.sh").path
        let started = runTool(script, ["start"])
        guard started.status == 0 else {
            fatalError("could not start the test redis-server with \(script) start: \(started.output)")
        }
        return runTool(script, ["url"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// The package's root directory (found from this file's path).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A store on the shared server under a prefix no other test uses, so it starts empty.
    static func freshStore(connections: Int? = nil) async throws -> RedisEventStore {
        try await RedisEventStore.open(freshURL(connections: connections))
    }

    /// A store URL with a fresh prefix on the shared server.
    static func freshURL(connections: Int? = nil) -> String {
        var text = "\(url)?prefix=test-\(UUID().uuidString.prefix(8))"
        if let connections { text += "&connections=\(connections)" }
        return text
    }
}

/// Runs a program to completion; returns its exit status and combined output.
@discardableResult
func runTool(_ path: String, _ arguments: [String]) -> (status: Int32, output: String) {
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
