import Foundation
import Testing

/// A real full disk and a real read-only filesystem (tmpfs mounts; needs root, as in the CI
/// container; reported as skipped where mounting is not permitted).
@Suite("CLI on a full or read-only filesystem", .serialized, .enabled(if: TinyFilesystem.canMount))
struct CLIFilesystemTests {
    @Test("a full disk: commands fail with a clear message, nothing acknowledged is lost, and it recovers")
    func diskFull() throws {
        let fs = try TinyFilesystem(kilobytes: 512)
        defer { fs.unmount() }
        let store = "sqlite:" + fs.path("events.sqlite")
        let demo = try CLIProcess.run(["demo", "--store", store, "--clients", "8", "--commands", "3000", "--json"])
        #expect(demo.status == 1, "\(demo)")
        #expect(demo.stderr.contains("is full") && demo.stderr.contains(fs.path("events.sqlite")) && demo.stderr.contains("free some space"), "\(demo)")
        let json = try demo.json()
        #expect(json["lost"] as? Int == 0)
        #expect(json["consistent"] as? Bool == true)
        #expect((json["ok"] as? Int ?? 0) > 0 && (json["errors"] as? Int ?? 0) > 0)

        // The file is still a sound database; with space again it takes writes.
        try fs.resize(kilobytes: 8_192)
        let after = try CLIProcess.run(["demo", "--store", store, "--clients", "4", "--commands", "300", "--json"])
        #expect(after.status == 0, "\(after)")
        #expect(try after.json()["lost"] as? Int == 0)
    }

    @Test("a read-only directory: a specific message naming the file")
    func readOnly() throws {
        let fs = try TinyFilesystem(kilobytes: 1_024)
        defer { fs.unmount() }
        let store = "sqlite:" + fs.path("events.sqlite")
        #expect(try CLIProcess.run(["send", "create", "counter-1", "--store", store]).status == 0)
        try fs.remountReadOnly()
        let send = try CLIProcess.run(["send", "increment", "counter-1", "--store", store])
        #expect(send.status == 1)
        #expect(send.stderr.contains("read-only") && send.stderr.contains(fs.path("events.sqlite")), "\(send)")
        #expect(send.stderr.split(separator: "\n").count == 1)
    }
}

/// A small tmpfs mounted on a fresh directory.
struct TinyFilesystem {
    let url: URL

    /// Whether this process may mount filesystems (root in a privileged container).
    static let canMount: Bool = {
        guard getuid() == 0, let fs = try? TinyFilesystem(kilobytes: 64) else { return false }
        fs.unmount()
        return true
    }()

    init(kilobytes: Int) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-fs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", url.path])
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func resize(kilobytes: Int) throws { try Self.mount(["-o", "remount,size=\(kilobytes)k", url.path]) }

    func remountReadOnly() throws { try Self.mount(["-o", "remount,ro", url.path]) }

    func unmount() {
        _ = try? Self.run("/bin/umount", [url.path])
        try? FileManager.default.removeItem(at: url)
    }

    private static func mount(_ arguments: [String]) throws {
        let status = try run("/bin/mount", arguments)
        guard status == 0 else { throw CLIBinary.Problem(description: "mount \(arguments.joined(separator: " ")) failed (\(status))") }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
