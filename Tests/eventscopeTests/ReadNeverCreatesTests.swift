import Foundation
import Testing

/// Issue 14, items 5 and 10: reading never creates a store, and `tail --follow --limit N`
/// starts with the newest N events and keeps following.
@Suite("Reads never create a store", .serialized)
struct ReadNeverCreatesTests {
    @Test("tail, show and streams on a missing file fail clearly and create nothing", arguments: [["tail"], ["show", "counter-1"], ["streams"]])
    func readsOnAMissingFile(command: [String]) async throws {
        let scratch = CLIScratch("missing")
        defer { scratch.remove() }
        let run = try await CLIProcess.exec(command + ["--store", scratch.store("typo.sqlite")])
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("no store at") && run.stderr.contains(scratch.path("typo.sqlite")), "\(run)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty, "nothing created")
    }

    @Test("tail --follow --limit 2 prints the newest two events and keeps following")
    func tailFollowLimit() async throws {
        let scratch = CLIScratch("follow-limit")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        for command in [["create", "counter-t"], ["increment", "counter-t"], ["increment", "counter-t"]] {
            #expect(try await CLIProcess.exec(["send"] + command + store).status == 0)
        }
        let tail = try CLIProcess.Running(["tail", "--follow", "--limit", "2", "--json"] + store)
        defer { tail.signal(SIGKILL) }
        #expect(await CLIProcess.waitUntil(timeout: .seconds(10)) { tail.lines.count == 2 }, "\(tail.stdout) \(tail.stderr)")
        #expect(tail.lines.first?.contains("\"version\":2") == true, "the newest two: \(tail.stdout)")
        #expect(try await CLIProcess.exec(["send", "increment", "counter-t"] + store).status == 0)
        #expect(await CLIProcess.waitUntil(timeout: .seconds(10)) { tail.lines.count == 3 }, "still following: \(tail.stdout) \(tail.stderr)")
    }
}
