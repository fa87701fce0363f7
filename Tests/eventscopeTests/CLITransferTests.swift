import Foundation
import Testing

/// Transfers from the command line with real processes: the process manager killed with SIGKILL
/// between the withdrawal and the deposit, two processes running it, and `eventscope trace`.
@Suite("CLI transfers and trace", .serialized)
struct CLITransferTests {
    /// The event types of a stream and its folded balance (`show --json`).
    private func account(_ id: String, _ store: [String]) async throws -> (types: [String], balance: Int?) {
        let shown = try await CLIProcess.exec(["show", "account-\(id)", "--json"] + store).json()
        let events = shown["events"] as? [[String: Any]] ?? []
        return (events.compactMap { $0["type"] as? String }, (shown["state"] as? [String: Any])?["balance"] as? Int)
    }

    private func send(_ line: String, _ store: [String]) async throws {
        let outcome = try await CLIProcess.exec(["send"] + line.split(separator: " ").map(String.init) + store)
        #expect(outcome.status == 0, "\(line): \(outcome)")
    }

    @Test("SIGKILL after the withdrawal and before the deposit: on restart the transfer completes, once")
    func killedBetweenSteps() async throws {
        let scratch = CLIScratch("transfer-kill")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=120", "open account-alan owner=Alan", "transfer account-ada to=account-alan amount=30"] {
            try await send(line, store)
        }
        // The process manager waits 5 s after each reaction before recording its checkpoint:
        // killed in that window, the withdrawal is stored and its checkpoint is not.
        let project = try CLIProcess.Running(["project", "--follow", "--json", "--process-pause-ms", "5000"] + store)
        defer { project.signal(SIGKILL) }
        var withdrawn = false
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, !withdrawn {
            withdrawn = try await account("ada", store).types.contains("account.transfer-sent")
            if !withdrawn { try await Task.sleep(for: .milliseconds(50)) }
        }
        project.signal(SIGKILL)
        _ = await project.finish()
        #expect(withdrawn, "the process manager never withdrew: \(project.stderr)")
        #expect(try await account("alan", store).types == ["account.opened"], "the deposit happened before the kill")
        let handlers = try await CLIProcess.exec(["handlers", "--json"] + store)
        let rows = try JSONSerialization.jsonObject(with: Data(handlers.stdout.utf8)) as? [[String: Any]] ?? []
        let transfers = rows.first { $0["name"] as? String == "transfers" }
        #expect((transfers?["checkpoint"] as? Int ?? 99) < 4, "the checkpoint passed the request: \(handlers)")

        // Restart: the request is replayed (same command id: nothing new), then the deposit.
        let again = try await CLIProcess.exec(["project", "--json"] + store)
        #expect(again.status == 0, "\(again)")
        let ada = try await account("ada", store)
        let alan = try await account("alan", store)
        #expect(ada.types.filter { $0 == "account.transfer-sent" }.count == 1, "\(ada.types)")
        #expect(alan.types == ["account.opened", "account.transfer-received"])
        #expect(ada.balance == 90 && alan.balance == 30)
        let check = try await CLIProcess.exec(["readmodel", "accounts", "--check", "--json"] + store).json()
        #expect((check["check"] as? [String: Any])?["passed"] as? Bool == true, "\(check)")
    }

    @Test("two processes running the transfer process manager, each with its own checkpoint, transfer once")
    func twoProcesses() async throws {
        let scratch = CLIScratch("transfer-two")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=1000", "open account-alan owner=Alan"] { try await send(line, store) }
        // Separate read-model files: two checkpoints, two leases — both react to every event.
        let a = try CLIProcess.Running(["project", "--follow", "--json", "--read-models", "sqlite:" + scratch.path("a.sqlite")] + store)
        defer { a.signal(SIGKILL) }
        let b = try CLIProcess.Running(["project", "--follow", "--json", "--read-models", "sqlite:" + scratch.path("b.sqlite")] + store)
        defer { b.signal(SIGKILL) }
        #expect(await CLIProcess.waitUntil(timeout: .seconds(15)) { a.lines.count >= 1 && b.lines.count >= 1 }, "\(a.stderr) \(b.stderr)")
        for n in 1...6 { try await send("transfer account-ada to=account-alan amount=\(n)", store) }
        var alan = try await account("alan", store)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, alan.types.filter({ $0 == "account.transfer-received" }).count < 6 {
            try await Task.sleep(for: .milliseconds(100))
            alan = try await account("alan", store)
        }
        // Both have caught up with everything the other appended.
        try await Task.sleep(for: .seconds(1))
        a.signal(SIGINT)
        b.signal(SIGINT)
        _ = await a.finish()
        _ = await b.finish()
        alan = try await account("alan", store)
        let ada = try await account("ada", store)
        #expect(alan.types.filter { $0 == "account.transfer-received" }.count == 6, "\(alan.types)")
        #expect(ada.types.filter { $0 == "account.transfer-sent" }.count == 6, "\(ada.types)")
        #expect(ada.balance == 1000 - 21 && alan.balance == 21)
        for file in ["a.sqlite", "b.sqlite"] {
            let handlers = try await CLIProcess.exec(["handlers", "--json", "--read-models", "sqlite:" + scratch.path(file)] + store)
            #expect(handlers.stdout.contains("\"name\":\"transfers\""), "\(handlers)")
        }
    }

    @Test("trace prints the tree from a position, an event id or the correlation id; --json nests the hops; a bad start says why")
    func trace() async throws {
        let scratch = CLIScratch("trace")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        for line in ["open account-ada owner=Ada", "deposit account-ada amount=50", "transfer account-ada to=account-nobody amount=20"] { try await send(line, store) }
        // Before the process manager ran: the request is pending.
        let pending = try await CLIProcess.exec(["trace", "3"] + store)
        #expect(pending.status == 0, "\(pending)")
        #expect(pending.stdout.contains("▶ cli: transfer account-ada to=account-nobody amount=20"), "\(pending.stdout)")
        #expect(pending.stdout.contains("pending: transfers has not reacted yet"), "\(pending.stdout)")
        #expect(try await CLIProcess.exec(["project", "--json"] + store).status == 0)

        let text = try await CLIProcess.exec(["trace", "#3"] + store)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let order = ["▶ cli: transfer", "account.transfer-requested", "↳ process:transfers: send transfer", "account.transfer-sent",
                     "↳ process:transfers: receive transfer", "account.transfer-rejected",
                     "↳ process:transfers: refund transfer", "account.transfer-refunded"]
        let found = order.map { needle in lines.firstIndex { $0.contains(needle) } ?? -1 }
        #expect(found == found.sorted() && !found.contains(-1), "\(text.stdout)")
        #expect(!text.stdout.contains("pending"))

        let json = try await CLIProcess.exec(["trace", "3", "--json"] + store).json()
        let correlation = try #require(json["correlation_id"] as? String)
        let root = try #require((json["commands"] as? [[String: Any]])?.first)
        #expect(root["source"] as? String == "cli")
        let requested = try #require((root["events"] as? [[String: Any]])?.first)
        let send = try #require((requested["reactions"] as? [[String: Any]])?.first)
        #expect(send["source"] as? String == "process:transfers")
        #expect((send["caused_by"] as? [String: Any])?["event_id"] as? String == requested["event_id"] as? String)
        #expect(send["after_ms"] is Double)
        let sent = try #require((send["events"] as? [[String: Any]])?.first)
        let receive = try #require((sent["reactions"] as? [[String: Any]])?.first)
        let rejected = try #require((receive["events"] as? [[String: Any]])?.first)
        #expect(rejected["type"] as? String == "account.transfer-rejected")
        let refund = try #require((rejected["reactions"] as? [[String: Any]])?.first)
        #expect(((refund["events"] as? [[String: Any]])?.first?["type"] as? String) == "account.transfer-refunded")
        // The correlation id and the event id give the same tree.
        let byCorrelation = try await CLIProcess.exec(["trace", correlation] + store)
        #expect(byCorrelation.stdout == text.stdout.replacingOccurrences(of: "● ", with: ""), "\(byCorrelation.stdout)")

        let bad = try await CLIProcess.exec(["trace", "nope"] + store)
        #expect(bad.status != 0 && bad.stderr.contains("a UUID") && bad.stderr.contains("position"), "\(bad)")
        let missing = try await CLIProcess.exec(["trace", "99"] + store)
        #expect(missing.status != 0 && missing.stderr.contains("no event at position #99"), "\(missing)")
    }
}
