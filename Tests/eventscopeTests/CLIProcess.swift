import Foundation
import Synchronization

/// Runs the built `eventscope` binary as a real process, for end-to-end CLI tests.
struct CLIProcess {
    /// What a finished run printed, and how it ended.
    struct Outcome: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String

        var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }

        /// Standard output parsed as one JSON object.
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
                throw CLIBinary.Problem(description: "not a JSON object: \(stdout)")
            }
            return object
        }
    }

    /// Runs `eventscope ARGS…` to completion, waiting without blocking a thread of the
    /// cooperative pool (other tests running in parallel need those threads).
    static func exec(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) async throws -> Outcome {
        let running = try Running(arguments, environment: environment, directory: directory)
        return await running.finish()
    }

    /// Runs `eventscope ARGS…` to completion, blocking the calling thread: prefer ``exec(_:environment:directory:)``
    /// in async tests.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> Outcome {
        let running = try Running(arguments, environment: environment, directory: directory)
        return running.wait()
    }

    /// A process left running (e.g. `tail --follow`, a `demo` to kill), its output collected as it comes.
    final class Running {
        let process: Process
        private let out = OutputBuffer()
        private let err = OutputBuffer()
        private let outPipe = Pipe()
        private let errPipe = Pipe()
        private let exited = ExitSignal()

        init(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try CLIBinary.path())
            process.arguments = arguments
            var env = ProcessInfo.processInfo.environment
            env["EVENTSCOPE_STORE"] = nil
            for (k, v) in environment { env[k] = v }
            process.environment = env
            if let directory { process.currentDirectoryURL = directory }
            process.standardOutput = outPipe
            process.standardError = errPipe
            // Keep the pipes out of every other process the tests start (a server restarted by
            // another test would otherwise hold them open, and end-of-file would never come):
            // the child still gets them as its stdout and stderr.
            for fd in [outPipe.fileHandleForReading.fileDescriptor, outPipe.fileHandleForWriting.fileDescriptor,
                       errPipe.fileHandleForReading.fileDescriptor, errPipe.fileHandleForWriting.fileDescriptor] {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            self.process = process
            // One reading thread per pipe (blocking reads, off the cooperative pool): prompt
            // and reliable, unlike FileHandle.readabilityHandler under load on Linux.
            Self.startReader(outPipe.fileHandleForReading, into: out)
            Self.startReader(errPipe.fileHandleForReading, into: err)
            process.terminationHandler = { [exited] _ in exited.fire() }
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        private static func startReader(_ handle: FileHandle, into buffer: OutputBuffer) {
            let thread = Thread {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                }
                buffer.close()
            }
            thread.name = "CLIProcess.reader"
            thread.start()
        }

        /// Standard output so far.
        var stdout: String { String(decoding: out.data, as: UTF8.self) }
        var stderr: String { String(decoding: err.data, as: UTF8.self) }

        /// Complete lines of standard output so far.
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

        /// Waits (blocking the calling thread) for the process to end; prefer ``finish()``.
        func wait() -> Outcome {
            process.waitUntilExit()
            let deadline = Date().addingTimeInterval(5)
            while !(out.isClosed && err.isClosed), Date() < deadline { usleep(2_000) }
            return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }

        /// Waits for the process to end and for its output to be read, and returns it all.
        func finish() async -> Outcome {
            await exited.wait()
            // The pipes reach end-of-file once the process (and any child holding them) is gone.
            _ = await CLIProcess.waitUntil(timeout: .seconds(5)) { out.isClosed && err.isClosed }
            return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }

        /// Sends a signal (e.g. `SIGKILL`, `SIGINT`).
        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// CPU seconds (user + system) the process has used, from /proc.
        func cpuSeconds() -> Double? {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the command name: state is field 3; utime and stime are fields 14 and 15.
            guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
            return (utime + stime) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
    }

    /// Polls `condition` until it holds or `timeout` passes.
    static func waitUntil(timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// Finds the `eventscope` executable built alongside the tests: `$EVENTSCOPE_BINARY`, else
/// next to the test bundle (walking up), else `.build/debug` under the package root.
enum CLIBinary {
    struct Problem: Error, CustomStringConvertible { let description: String }

    static func path() throws -> String {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["EVENTSCOPE_BINARY"], fm.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var searched: [String] = []
        for start in [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL] {
            var directory = start.deletingLastPathComponent().standardizedFileURL
            for _ in 0..<6 {
                let candidate = directory.appendingPathComponent("eventscope")
                searched.append(candidate.path)
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    fm.isExecutableFile(atPath: candidate.path)
                {
                    return candidate.path
                }
                directory.deleteLastPathComponent()
            }
        }
        throw Problem(description: "eventscope binary not found (run `swift build` first or set EVENTSCOPE_BINARY); looked in \(searched.joined(separator: ", "))")
    }
}

/// A fresh temporary directory for one test's store files.
struct CLIScratch {
    let url: URL

    init(_ label: String) {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-cli-\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// `sqlite:` URL of a file in the directory.
    func store(_ name: String = "events.sqlite") -> String { "sqlite:" + url.appendingPathComponent(name).path }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Bytes a pipe has delivered so far, shared with its reading handler.
final class OutputBuffer: Sendable {
    private let state = Mutex((data: Data(), closed: false))
    func append(_ data: Data) { state.withLock { $0.data.append(data) } }
    func close() { state.withLock { $0.closed = true } }
    var data: Data { state.withLock { $0.data } }
    var isClosed: Bool { state.withLock { $0.closed } }
}

/// Fired once when a process exits; waiting on it suspends, never blocks.
final class ExitSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.fired = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.fired { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}
