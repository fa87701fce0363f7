import Foundation
import Testing

/// What scripts rely on: JSON failures, exit statuses per kind, global options anywhere,
/// the version in one place.
@Suite("CLI for scripts")
struct CLIScriptingTests {
    @Test("with --json a failure is a JSON object on stdout, and the exit status tells the kinds apart")
    func jsonFailures() async throws {
        let scratch = CLIScratch("json-errors")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        #expect(try await CLIProcess.exec(["send", "create", "counter-1"] + store).status == 0)

        let refused = try await CLIProcess.exec(["send", "create", "counter-1", "--json"] + store)
        let r = try refused.json()
        #expect(refused.status == 1 && r["error"] as? String == "refused" && r["reason"] as? String == "already created", "\(refused)")

        let missing = try await CLIProcess.exec(["show", "counter-404", "--json"] + store)
        let m = try missing.json()
        #expect(missing.status == 4 && m["error"] as? String == "not_found" && m["stream"] as? String == "counter-404", "\(missing)")

        let usage = try await CLIProcess.exec(["send", "frob", "counter-1", "--json"] + store)
        let u = try usage.json()
        #expect(usage.status == 64 && u["error"] as? String == "usage" && (u["message"] as? String)?.contains("frob") == true, "\(usage)")

        let invalid = try await CLIProcess.exec(["streams", "--json", "--store", "sqlite:/no/such/dir/e.sqlite"])
        let i = try invalid.json()
        #expect(invalid.status == 6 && i["error"] as? String == "store_invalid", "\(invalid)")

        let unavailable = try await CLIProcess.exec(["streams", "--json", "--store", "redis://127.0.0.1:1"])
        let a = try unavailable.json()
        #expect(unavailable.status == 5 && a["error"] as? String == "store_unavailable", "\(unavailable)")
        #expect(unavailable.stderr.split(separator: "\n").count == 1, "\(unavailable)")
    }

    @Test("--store and --json work before the subcommand too")
    func globalOptionsFirst() async throws {
        let scratch = CLIScratch("global-options")
        defer { scratch.remove() }
        #expect(try await CLIProcess.exec(["--store", scratch.store(), "send", "create", "counter-9"]).status == 0)
        let streams = try await CLIProcess.exec(["--store", scratch.store(), "--json", "streams"])
        #expect(streams.status == 0, "\(streams)")
        #expect((try streams.json())["total_streams"] as? Int == 1)
        let equals = try await CLIProcess.exec(["--store=\(scratch.store())", "streams"])
        #expect(equals.status == 0 && equals.stdout.contains("counter-9"), "\(equals)")
    }

    @Test("eventscope --version is the version at the top of CHANGELOG.md")
    func version() async throws {
        let out = try await CLIProcess.exec(["--version"])
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let changelog = try String(contentsOf: root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let top = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
        #expect(out.status == 0 && out.stdout == "\(top ?? "?")\n", "\(out)")
    }

    @Test("demo is quiet in --json and names the store once (memory:, not memory::)")
    func demoOutput() async throws {
        let text = try await CLIProcess.exec(["demo", "--store", "memory:", "--commands", "50"])
        #expect(text.status == 0 && text.stdout.contains("on memory:,") && !text.stdout.contains("memory::"), "\(text)")
        let json = try await CLIProcess.exec(["demo", "--store", "memory:", "--commands", "50", "--json"])
        let j = try json.json()
        #expect(json.status == 0 && json.stderr.isEmpty && j["lost"] as? Int == 0, "\(json)")
    }
}
