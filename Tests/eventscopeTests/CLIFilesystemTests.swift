import Foundation
import Testing

/// A real full disk and a real read-only filesystem (tmpfs mounts; needs root, as in the CI
/// container; reported as skipped where mounting is not permitted).
@Suite("CLI on a full or read-only filesystem", .serialized, .enabled(if: TinyFilesystem.canMount))
struct CLIFilesystemTests {
    @Test("a full disk: commands fail with a clear message, nothing acknowledged is lost, and it recovers")
    func diskFull() async throws {
        try await TinyFilesystem.with(kilobytes: 512) { fs in
        let store = "sqlite:" + fs.path("events.sqlite")
        let demo = try await CLIProcess.exec(["demo", "--store", store, "--clients", "8", "--commands", "3000", "--json"])
        let json = try demo.json()
        #expect(json["lost"] as? Int == 0)
        #expect(json["consistent"] as? Bool == true)
        #expect((json["ok"] as? Int ?? 0) > 0 && (json["errors"] as? Int ?? 0) > 0)
        let firstError = json["first_error"] as? String ?? ""
        #expect(firstError.contains("is full") && firstError.contains(fs.path("events.sqlite")) && firstError.contains("free some space"), "\(demo)")
        // The counters read model may not be able to write either; if so the run ends in a
        // one-line error that says why.
        if demo.status != 0 {
            #expect(demo.stderr.contains("is full") && demo.stderr.split(separator: "\n").count == 1, "\(demo)")
        }

        // The file is still a sound database; with space again it takes writes.
        try await fs.resize(kilobytes: 8_192)
        let after = try await CLIProcess.exec(["demo", "--store", store, "--clients", "4", "--commands", "300", "--json"])
        #expect(after.status == 0, "\(after)")
        #expect(try after.json()["lost"] as? Int == 0)
        }
    }

    @Test("a read-only directory: a specific message naming the file")
    func readOnly() async throws {
        try await TinyFilesystem.with(kilobytes: 1_024) { fs in
        let store = "sqlite:" + fs.path("events.sqlite")
        #expect(try await CLIProcess.exec(["send", "create", "counter-1", "--store", store]).status == 0)
        try await fs.remountReadOnly()
        let send = try await CLIProcess.exec(["send", "increment", "counter-1", "--store", store])
        #expect(send.status == 5)  // store_unavailable: the store cannot be written now
        #expect(send.stderr.contains("read-only") && send.stderr.contains(fs.path("events.sqlite")), "\(send)")
        #expect(send.stderr.split(separator: "\n").count == 1)
        }
    }
}

/// A small tmpfs mounted on a fresh directory.
struct TinyFilesystem {
    let url: URL

    /// Whether this process may mount filesystems (root in a privileged container). Checked
    /// once, with a short blocking mount/umount.
    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let url = freshDirectory()
        defer { try? FileManager.default.removeItem(at: url) }
        guard blockingRun("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", url.path]) == 0 else { return false }
        _ = blockingRun("/bin/umount", [url.path])
        return true
    }()

    /// Runs `body` with a fresh filesystem, unmounted afterwards whatever happens.
    static func with(kilobytes: Int, _ body: (TinyFilesystem) async throws -> Void) async throws {
        let fs = try await make(kilobytes: kilobytes)
        do {
            try await body(fs)
        } catch {
            await fs.unmount()
            throw error
        }
        await fs.unmount()
    }

    static func make(kilobytes: Int) async throws -> TinyFilesystem {
        let fs = TinyFilesystem(url: freshDirectory())
        try await mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", fs.url.path])
        return fs
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func resize(kilobytes: Int) async throws { try await Self.mount(["-o", "remount,size=\(kilobytes)k", url.path]) }

    func remountReadOnly() async throws { try await Self.mount(["-o", "remount,ro", url.path]) }

    func unmount() async {
        _ = try? await Self.run("/bin/umount", [url.path])
        try? FileManager.default.removeItem(at: url)
    }

    private static func freshDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-fs-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private static func mount(_ arguments: [String]) async throws {
        let status = try await run("/bin/mount", arguments)
        guard status == 0 else { throw CLIBinary.Problem(description: "mount \(arguments.joined(separator: " ")) failed (\(status))") }
    }

    /// Runs a tool and waits for it without blocking a cooperative thread.
    private static func run(_ tool: String, _ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        try process.run()
        await exited.wait()
        return process.terminationStatus
    }

    private static func blockingRun(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
