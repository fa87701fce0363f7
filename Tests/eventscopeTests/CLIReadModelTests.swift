import Foundation
import Testing

/// Read models from the command line, with real processes on real files: `project`,
/// `handlers`, `readmodel`, `rebuild`; two processes on one read-model file; a rebuild killed
/// with SIGKILL.
@Suite("CLI read models", .serialized)
struct CLIReadModelTests {
    /// `handlers --json`, by name.
    private func handlers(_ store: [String]) async throws -> [String: [String: Any]] {
        let outcome = try await CLIProcess.exec(["handlers", "--json"] + store)
        guard outcome.status == 0, let rows = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]] else {
            throw CLIBinary.Problem(description: "handlers failed: \(outcome)")
        }
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as! String, $0) })
    }

    /// `readmodel counters --check --json`: the check passed, and the counts' sum.
    private func countersCheck(_ store: [String]) async throws -> (passed: Bool, sum: Int, outcome: String) {
        let outcome = try await CLIProcess.exec(["readmodel", "counters", "--check", "--json", "--limit", "1000"] + store)
        let object = try outcome.json()
        let rows = object["rows"] as? [[String: String]] ?? []
        let check = object["check"] as? [String: Any]
        return (check?["passed"] as? Bool == true, rows.compactMap { Int($0["count"] ?? "") }.reduce(0, +), outcome.description)
    }

    @Test("project catches up; handlers, readmodel and rebuild report in JSON; bad names list the valid ones")
    func commands() async throws {
        let scratch = CLIScratch("readmodels")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        #expect(try await CLIProcess.exec(["send", "open", "account-ada", "owner=Ada"] + store).status == 0)
        #expect(try await CLIProcess.exec(["send", "deposit", "account-ada", "amount=7"] + store).status == 0)
        #expect(try await CLIProcess.exec(["demo", "--commands", "200", "--aggregates", "3"] + store).status == 0)

        let project = try await CLIProcess.exec(["project", "--json"] + store)
        #expect(project.status == 0, "\(project)")
        let last = try #require(project.stdout.split(separator: "\n").last)
        let done = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(done["done"] as? Bool == true)

        let rows = try await handlers(store)
        #expect(Set(rows.keys) == ["counters", "accounts", "transfers"])
        let accounts = try #require(rows["accounts"])
        for key in ["name", "checkpoint", "head", "lag_events", "lag_seconds", "status", "error"] { #expect(accounts[key] != nil, "missing \(key)") }
        #expect(accounts["checkpoint"] as? Int == 205 && accounts["head"] as? Int == 205 && accounts["lag_events"] as? Int == 0)
        #expect(accounts["status"] as? String == "idle")

        let ada = try await CLIProcess.exec(["readmodel", "accounts", "--json", "--check"] + store).json()
        #expect((ada["rows"] as? [[String: String]])?.first?["balance"] == "7")
        #expect((ada["check"] as? [String: Any])?["passed"] as? Bool == true)
        let counters = try await countersCheck(store)
        #expect(counters.passed && counters.sum == 200, "\(counters.outcome)")

        let rebuild = try await CLIProcess.exec(["rebuild", "counters", "--json"] + store)
        #expect(rebuild.status == 0, "\(rebuild)")
        let report = try rebuild.json()
        #expect(report["events"] as? Int == 205)
        #expect((report["events_per_second"] as? Double ?? 0) > 0)
        #expect(try await countersCheck(store).passed)

        for command in [["readmodel", "nope"], ["rebuild", "nope"]] {
            let bad = try await CLIProcess.exec(command + store)
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("valid names: counters, accounts, transfers"), "\(bad)")
        }
        let badFile = try await CLIProcess.exec(["handlers", "--read-models", "redis://x"] + store)
        #expect(badFile.status != 0 && badFile.stderr.contains("sqlite:PATH"), "\(badFile)")
    }

    @Test("two project --follow processes on one read-model file: one keeps each model, the other takes over when it is killed, and no event is applied twice")
    func twoProcessesOneFile() async throws {
        let scratch = CLIScratch("two-projects")
        defer { scratch.remove() }
        // A Redis-less, memory-less setup that still shares a read-model file between processes:
        // an SQLite store with its read models in a separate file.
        let events = ["--store", scratch.store()]
        let store = events + ["--read-models", "sqlite:" + scratch.path("read-models.sqlite")]
        #expect(try await CLIProcess.exec(["send", "create", "counter-x"] + events).status == 0)
        let follow = ["project", "--follow", "--json", "--catch-up-page", "20"] + store
        let a = try CLIProcess.Running(follow)
        defer { a.signal(SIGKILL) }
        #expect(await CLIProcess.waitUntil(timeout: .seconds(15)) { a.lines.count >= 1 }, "\(a.stderr)")
        let b = try CLIProcess.Running(follow)
        defer { b.signal(SIGKILL) }
        #expect(await CLIProcess.waitUntil(timeout: .seconds(15)) { b.stdout.contains("standby") }, "b: \(b.stdout) \(b.stderr)")

        // Load while both run; kill the keeper half-way.
        let load = try CLIProcess.Running(["demo", "--commands", "3000", "--aggregates", "4", "--clients", "4", "--json"] + events)
        try await Task.sleep(for: .milliseconds(700))
        let keeper = try #require(try await handlers(store)["counters"]?["keeper"] as? String)
        let victim = keeper.contains("pid \(a.pid) ") ? a : b
        let survivor = victim === a ? b : a
        victim.signal(SIGKILL)
        let loaded = await load.finish()
        #expect(loaded.status == 0, "\(loaded)")
        let total = try loaded.json()["total_count"] as? Int

        // The survivor takes over and catches up; the counts are exactly the increments.
        var caughtUp = false
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, !caughtUp {
            let rows = try await handlers(store)
            caughtUp = rows.values.allSatisfy { ($0["lag_events"] as? Int) == 0 }
                && (rows["counters"]?["keeper"] as? String)?.contains("pid \(survivor.pid) ") == true
            if !caughtUp { try await Task.sleep(for: .milliseconds(200)) }
        }
        let final = try await handlers(store)
        #expect(caughtUp, "survivor \(survivor.pid): \(final)")
        let check = try await countersCheck(store)
        #expect(check.passed, "\(check.outcome)")
        #expect(check.sum == total, "\(check.outcome)")
        survivor.signal(SIGINT)
        let ended = await survivor.finish()
        #expect(ended.status == 0, "\(ended)")
        // A clean stop gives the lease up.
        #expect(try await handlers(store)["counters"]?["status"] as? String == "idle")
    }

    @Test("a rebuild killed with SIGKILL half-way resumes with project and ends consistent")
    func killedRebuildResumes() async throws {
        let scratch = CLIScratch("killed-rebuild")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        // Enough events that a rebuild one at a time (a transaction per event) lasts long
        // enough to be caught half-way.
        #expect(try await CLIProcess.exec(["demo", "--commands", "20000", "--aggregates", "5", "--clients", "8"] + store).status == 0)
        let head = try #require(try await handlers(store)["counters"]?["head"] as? Int)

        let rebuild = try CLIProcess.Running(["rebuild", "counters", "--json", "--catch-up-page", "1"] + store)
        defer { rebuild.signal(SIGKILL) }
        var checkpoint = 0
        let deadline = ContinuousClock.now + .seconds(30)
        // Wait until the rebuild has emptied the model and replayed part of it.
        while ContinuousClock.now < deadline {
            let row = try await handlers(store)["counters"]
            checkpoint = row?["checkpoint"] as? Int ?? 0
            // Before the rebuild the model was at the head; the rebuild empties it and climbs back.
            if checkpoint > 0, checkpoint < head * 3 / 4 { break }
            try await Task.sleep(for: .milliseconds(30))
        }
        rebuild.signal(SIGKILL)
        _ = await rebuild.finish()
        let after = try #require(try await handlers(store)["counters"])
        let stopped = after["checkpoint"] as? Int ?? 0
        #expect(stopped > 0 && stopped < head, "killed at \(stopped) of \(head)")
        // The half-built model is consistent up to its checkpoint, and project finishes it.
        #expect(try await countersCheck(store).passed)
        let project = try await CLIProcess.exec(["project", "--json"] + store)
        #expect(project.status == 0, "\(project)")
        #expect(try await handlers(store)["counters"]?["checkpoint"] as? Int == head)
        let check = try await countersCheck(store)
        #expect(check.passed && check.sum == 20000, "\(check.outcome)")
    }
}
