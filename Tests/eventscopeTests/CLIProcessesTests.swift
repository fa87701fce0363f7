import Foundation
import Testing

/// Several `eventscope` processes on one SQLite file: live tailing, concurrent demos, and a
/// writer killed mid-load.
@Suite("CLI processes on one store", .serialized)
struct CLIProcessesTests {
    @Test("tail --follow prints events committed by another process within a second, and idles without spinning")
    func tailFollowsOtherProcess() async throws {
        let scratch = CLIScratch("follow")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        #expect(try await CLIProcess.exec(["send", "create", "counter-f"] + store).status == 0)

        let tail = try CLIProcess.Running(["tail", "--follow", "--json"] + store)
        defer { tail.signal(SIGKILL) }
        #expect(await CLIProcess.waitUntil(timeout: .seconds(10)) { tail.lines.count == 1 }, "backlog: \(tail.stdout) \(tail.stderr)")

        // Idle: nothing committed for a second costs (almost) no CPU.
        let cpuBefore = try #require(tail.cpuSeconds())
        try await Task.sleep(for: .seconds(1))
        let idleCPU = try #require(tail.cpuSeconds()) - cpuBefore
        #expect(idleCPU < 0.1, "tail --follow used \(idleCPU) s of CPU in 1 s of idling")

        for i in 1...3 {
            let start = ContinuousClock.now
            #expect(try await CLIProcess.exec(["send", "increment", "counter-f"] + store).status == 0)
            let appeared = await CLIProcess.waitUntil(timeout: .seconds(5)) { tail.lines.count == 1 + i }
            #expect(appeared, "event \(i) not shown: \(tail.stdout)")
            #expect(ContinuousClock.now - start < .seconds(3))
        }
        let last = try #require(tail.lines.last)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(event["version"] as? Int == 4 && event["stream"] as? String == "counter-f")
    }

    @Test("two demo processes on one store both report lost 0, and the counts add up")
    func twoDemos() async throws {
        let scratch = CLIScratch("demos")
        defer { scratch.remove() }
        let arguments = ["demo", "--store", scratch.store(), "--json", "--clients", "16", "--aggregates", "5", "--commands", "3000"]
        let a = try CLIProcess.Running(arguments)
        let b = try CLIProcess.Running(arguments)
        let (outA, outB) = (await a.finish(), await b.finish())
        #expect(outA.status == 0, "\(outA)")
        #expect(outB.status == 0, "\(outB)")
        let (ja, jb) = (try outA.json(), try outB.json())
        for j in [ja, jb] {
            #expect(j["lost"] as? Int == 0)
            #expect(j["consistent"] as? Bool == true)
            // Both processes ran the counters read model on the same table without double-applying.
            #expect(j["read_model_ok"] as? Bool == true)
            #expect(j["commands"] as? Int == 3000)
            #expect((j["ok"] as? Int ?? 0) + (j["errors"] as? Int ?? 0) == 3000)
        }
        let ok = (ja["ok"] as? Int ?? 0) + (jb["ok"] as? Int ?? 0)
        #expect(ok > 5_000, "too many failed commands: \(outA.stdout) \(outB.stdout)")
        // The counters' final counts equal every acknowledged increment of both runs.
        var total = 0
        for i in 0..<5 {
            let show = try await CLIProcess.exec(["show", "counter-demo-\(i)", "--store", scratch.store(), "--json"]).json()
            total += (show["state"] as? [String: Any])?["count"] as? Int ?? 0
        }
        #expect(total == ok)
    }

    @Test("demo --no-read-model sends the commands alone: the counters model applies nothing, and the JSON says it did not run")
    func demoWithoutReadModel() async throws {
        let scratch = CLIScratch("demo-no-rm")
        defer { scratch.remove() }
        let out = try await CLIProcess.exec(
            ["demo", "--store", scratch.store(), "--json", "--clients", "8", "--aggregates", "3", "--commands", "300", "--no-read-model"])
        #expect(out.status == 0, "\(out)")
        let j = try out.json()
        #expect(j["read_model_run"] as? Bool == false)
        #expect(j["read_model_ok"] == nil)
        #expect(j["lost"] as? Int == 0 && j["ok"] as? Int == 300)
        // Nothing applied the increments: `handlers` shows the counters model at checkpoint 0.
        func counters() async throws -> [String: Any]? {
            let out = try await CLIProcess.exec(["handlers", "--store", scratch.store(), "--json"])
            let list = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]]
            return list?.first { $0["name"] as? String == "counters" }
        }
        let before = try #require(try await counters())
        #expect(before["checkpoint"] as? Int == 0 && before["head"] as? Int == 303, "\(before)")
        let withModel = try await CLIProcess.exec(["demo", "--store", scratch.store(), "--json", "--commands", "10"]).json()
        #expect(withModel["read_model_run"] as? Bool == true && withModel["read_model_ok"] as? Bool == true)
        // With it, the model caught up with everything, the first run's increments included.
        let after = try #require(try await counters())
        #expect(after["checkpoint"] as? Int == after["head"] as? Int && (after["head"] as? Int ?? 0) > 303, "\(after)")
    }

    @Test("a writer killed with SIGKILL mid-load leaves a sound database holding every acknowledged command")
    func crashSafety() async throws {
        let scratch = CLIScratch("crash")
        defer { scratch.remove() }
        let store = scratch.store()
        let ackLog = scratch.path("acks.txt")
        let writer = try CLIProcess.Running([
            "demo", "--store", store, "--clients", "32", "--aggregates", "20", "--duration", "60", "--ack-log", ackLog,
        ])
        let loaded = await CLIProcess.waitUntil(timeout: .seconds(30)) {
            ((try? String(contentsOfFile: ackLog, encoding: .utf8))?.count ?? 0) > 37 * 2_000
        }
        #expect(loaded, "the writer did not get going: \(writer.stderr)")
        writer.signal(SIGKILL)
        let outcome = await writer.finish()
        #expect(outcome.status != 0)

        // Every complete line of the log was acknowledged before the kill.
        let logText = try String(contentsOfFile: ackLog, encoding: .utf8)
        let acknowledged = logText.split(separator: "\n").filter { $0.count == 36 }.map(String.init)
        #expect(acknowledged.count >= 2_000)

        // The database opens, and $all is gap-free with contiguous versions per stream.
        let dump = try await CLIProcess.exec(["tail", "--from", "1", "--limit", "10000000", "--json", "--store", store])
        #expect(dump.status == 0, "\(dump.stderr)")
        var position = 0
        var versions: [String: Int] = [:]
        var ids = Set<String>()
        for line in dump.stdout.split(separator: "\n") {
            let e = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            position += 1
            #expect(e["position"] as? Int == position)
            let stream = e["stream"] as? String ?? ""
            let version = e["version"] as? Int ?? 0
            #expect(version == (versions[stream] ?? 0) + 1, "\(stream) jumps to \(version)")
            versions[stream] = version
            ids.insert(e["event_id"] as? String ?? "")
        }
        let missing = acknowledged.filter { !ids.contains($0) }
        #expect(missing.isEmpty, "\(missing.count) acknowledged events are missing, e.g. \(missing.prefix(3))")

        // And it takes writes again.
        let after = try await CLIProcess.exec(["demo", "--store", store, "--json", "--clients", "4", "--aggregates", "20", "--commands", "200"])
        #expect(after.status == 0, "\(after)")
        #expect(try after.json()["lost"] as? Int == 0)
    }
}
