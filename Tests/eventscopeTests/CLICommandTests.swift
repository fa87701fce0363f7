import Foundation
import Testing

/// `send`, `show`, `streams`, `tail` and bad arguments, through the built binary.
@Suite("CLI commands")
struct CLICommandTests {
    // Resending a command with the same --command-id applies it once: the second send is
    // answered with the events the first one stored. A malformed id is a usage error.
    @Test("send --command-id: the same id applies once; edges of fields are refused clearly")
    func sendCommandID() async throws {
        let scratch = CLIScratch("send-id")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        #expect(try await CLIProcess.exec(["send", "open", "account-1", "owner=Ada"] + store).status == 0)
        let id = UUID().uuidString
        let first = try await CLIProcess.exec(["send", "deposit", "account-1", "amount=50", "--command-id", id, "--json"] + store)
        #expect(first.status == 0, "\(first)")
        let again = try await CLIProcess.exec(["send", "deposit", "account-1", "amount=50", "--command-id", id, "--json"] + store)
        #expect(again.status == 0, "\(again)")
        #expect(try again.json()["version"] as? Int == 2)
        let state = try await CLIProcess.exec(["show", "account-1", "--json"] + store).json()
        #expect((state["state"] as? [String: Any])?["balance"] as? Int == 50)
        #expect(state["version"] as? Int == 2)

        let bad = try await CLIProcess.exec(["send", "deposit", "account-1", "amount=5", "--command-id", "nope"] + store)
        #expect(bad.status == 64 && bad.stderr.contains("--command-id must be a UUID"), "\(bad)")
        let huge = try await CLIProcess.exec(["send", "deposit", "account-1", "amount=99999999999999999999"] + store)
        #expect(huge.status == 64 && huge.stderr.contains("out of range"), "\(huge)")
        let max = try await CLIProcess.exec(["send", "deposit", "account-1", "amount=\(Int.max)"] + store)
        #expect(max.status == 1 && max.stderr.contains("the largest balance is"), "\(max)")
    }

    @Test("send appends events, show folds the state, streams lists them, tail prints $all")
    func sendShowStreamsTail() async throws {
        let scratch = CLIScratch("send")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]

        let created = try await CLIProcess.exec(["send", "create", "counter-1"] + store)
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains("counter.created") && created.stdout.contains("counter-1 is at version 1"))

        let incremented = try await CLIProcess.exec(["send", "increment", "counter-1", "--json"] + store)
        #expect(incremented.status == 0, "\(incremented)")
        let json = try incremented.json()
        #expect(json["stream"] as? String == "counter-1")
        #expect(json["version"] as? Int == 2)
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.count == 1 && events[0]["type"] as? String == "counter.incremented")
        #expect((events[0]["data"] as? [String: Any])?["count"] as? Int == 1)

        #expect(try await CLIProcess.exec(["send", "open", "account-7", "owner=Ada"] + store).status == 0)
        #expect(try await CLIProcess.exec(["send", "deposit", "account-7", "amount=50"] + store).status == 0)

        let show = try await CLIProcess.exec(["show", "account-7", "--json"] + store).json()
        #expect(show["version"] as? Int == 2)
        let state = try #require(show["state"] as? [String: Any])
        #expect(state["balance"] as? Int == 50 && state["owner"] as? String == "Ada")
        #expect((show["events"] as? [Any])?.count == 2)

        let past = try await CLIProcess.exec(["show", "account-7", "--at", "1", "--json"] + store).json()
        #expect((past["state"] as? [String: Any])?["balance"] as? Int == 0)
        #expect(past["version"] as? Int == 1)

        let human = try await CLIProcess.exec(["show", "counter-1"] + store)
        #expect(human.status == 0 && human.stdout.contains("\"count\" : 1"), "\(human)")

        let streams = try await CLIProcess.exec(["streams", "--json"] + store).json()
        let rows = try #require(streams["streams"] as? [[String: Any]])
        #expect(rows.map { $0["stream"] as? String } == ["account-7", "counter-1"])
        let counters = try await CLIProcess.exec(["streams", "--category", "counter"] + store)
        #expect(counters.stdout.contains("counter-1") && !counters.stdout.contains("account-7"))

        let tail = try await CLIProcess.exec(["tail", "--from", "2", "--limit", "2", "--json"] + store)
        let positions = tail.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["position"] as? Int
        }
        #expect(positions == [2, 3])
    }

    @Test("text from the store is shown escaped, never executed, and JSON output stays valid")
    func hostileText() async throws {
        let scratch = CLIScratch("hostile")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        let owner = "\u{1B}[2J\u{1B}]0;pwned\u{07}Ada \"Q\" \\ \u{9B}31m"
        #expect(try await CLIProcess.exec(["send", "open", "account-x", "owner=\(owner)"] + store).status == 0)
        for arguments in [["show", "account-x"], ["tail"], ["streams"], ["send", "deposit", "account-x", "amount=5"]] {
            let out = try await CLIProcess.exec(arguments + store)
            #expect(out.status == 0, "\(out)")
            #expect(!out.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "raw control characters in: \(arguments)")
        }
        let lines = try await CLIProcess.exec(["tail", "--json"] + store).stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect((first["data"] as? [String: Any])?["owner"] as? String == owner)
        let show = try await CLIProcess.exec(["show", "account-x", "--json"] + store).json()
        #expect((show["state"] as? [String: Any])?["owner"] as? String == owner)
    }

    @Test("a refused command prints why, exits 1 and appends nothing")
    func refused() async throws {
        let scratch = CLIScratch("refused")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        _ = try await CLIProcess.exec(["send", "open", "account-1", "owner=Bo"] + store)
        let overdraw = try await CLIProcess.exec(["send", "withdraw", "account-1", "amount=80"] + store)
        #expect(overdraw.status == 1)
        #expect(overdraw.stderr.contains("refused") && overdraw.stderr.contains("insufficient funds"), "\(overdraw)")
        #expect(overdraw.stderr.split(separator: "\n").count == 1, "error is not one line: \(overdraw.stderr)")
        #expect(overdraw.stdout.isEmpty)
        let twice = try await CLIProcess.exec(["send", "open", "account-1", "owner=Bo"] + store)
        #expect(twice.status == 1 && twice.stderr.contains("already"))
        let show = try await CLIProcess.exec(["show", "account-1", "--json"] + store).json()
        #expect(show["version"] as? Int == 1)
    }

    @Test("bad arguments give a specific message and the usage, never a stack trace",
          arguments: [
            (["frobnicate"], "frobnicate"),
            (["send", "fly", "counter-1"], "unknown command \"fly\" for counter"),
            (["send", "deposit", "account-1"], "field amount: missing"),
            (["send", "deposit", "account-1", "amount=lots"], "field amount"),
            (["send", "deposit", "account-1", "amount"], "expected FIELD=VALUE"),
            (["send", "increment", "widget-1"], "unknown aggregate category \"widget\""),
            (["send", "increment", "counter1"], "invalid stream"),
            (["streams", "--store", "postgres://x"], "bad store URL \"postgres://x\""),
            (["streams", "--store", "sqlite:"], "no file path"),
            (["tail", "--from", "0"], "--from"),
          ])
    func badArguments(_ arguments: [String], _ expected: String) async throws {
        let scratch = CLIScratch("bad")
        defer { scratch.remove() }
        let outcome = try await CLIProcess.exec(arguments, environment: ["EVENTSCOPE_STORE": scratch.store()])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(expected), "\(outcome)")
        #expect(outcome.stderr.contains("Usage:") || outcome.stderr.contains("USAGE:"), "\(outcome)")
        #expect(!outcome.stderr.contains("Fatal error") && !outcome.stderr.contains("Stack dump"))
        // Nothing was created by a command that never ran.
        #expect(!FileManager.default.fileExists(atPath: scratch.path("events.sqlite")))
    }

    @Test("store failures are one line on stderr naming the file")
    func storeFailures() async throws {
        let scratch = CLIScratch("storefail")
        defer { scratch.remove() }
        let missing = try await CLIProcess.exec(["streams", "--store", "sqlite:/no/such/dir/e.sqlite"])
        #expect(missing.status == 6)  // store_invalid
        #expect(missing.stderr == "Error: cannot create /no/such/dir/e.sqlite: directory /no/such/dir does not exist; create it (mkdir -p /no/such/dir) or choose another path\n")

        try Data("hello, not a database, really not one at all".utf8).write(to: URL(fileURLWithPath: scratch.path("notes.txt")))
        let notDB = try await CLIProcess.exec(["send", "create", "counter-1", "--store", "sqlite:" + scratch.path("notes.txt")])
        #expect(notDB.status == 6)
        #expect(notDB.stderr.contains("is not an SQLite database") && notDB.stderr.contains("notes.txt"), "\(notDB)")
        #expect(notDB.stderr.split(separator: "\n").count == 1)

        // A store that exists (reading never creates one, issue 14) without that stream.
        #expect(try await CLIProcess.exec(["send", "create", "counter-1", "--store", scratch.store()]).status == 0)
        let noStream = try await CLIProcess.exec(["show", "counter-404", "--store", scratch.store()])
        #expect(noStream.status == 4 && noStream.stderr.contains("no stream counter-404"))
    }

    @Test("EVENTSCOPE_STORE is the fallback, --store wins, memory: works")
    func storeSelection() async throws {
        let scratch = CLIScratch("env")
        defer { scratch.remove() }
        let env = ["EVENTSCOPE_STORE": scratch.store("env.sqlite")]
        #expect(try await CLIProcess.exec(["send", "create", "counter-env"], environment: env).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("env.sqlite")))
        let listed = try await CLIProcess.exec(["streams"], environment: env)
        #expect(listed.stdout.contains("counter-env"))
        let other = try await CLIProcess.exec(["streams", "--store", scratch.store("other.sqlite")], environment: env)
        #expect(!other.stdout.contains("counter-env"))
        let memory = try await CLIProcess.exec(["send", "create", "counter-m", "--store", "memory:", "--json"])
        #expect(memory.status == 0)
        #expect(try memory.json()["version"] as? Int == 1)
        // sqlite:///absolute/path and ?sync=normal (shown wherever the store is named).
        let absolute = try await CLIProcess.exec(["demo", "--commands", "20", "--json", "--store", "sqlite://" + scratch.path("abs.sqlite") + "?sync=normal"])
        #expect(absolute.status == 0, "\(absolute)")
        #expect(try absolute.json()["store"] as? String == "sqlite:" + scratch.path("abs.sqlite") + "?sync=normal")
        let badSync = try await CLIProcess.exec(["streams", "--store", "sqlite:x.sqlite?sync=sometimes"], directory: scratch.url)
        #expect(badSync.status != 0 && badSync.stderr.contains("sync=sometimes is not a sync mode"))
        // The default is sqlite:eventscope.sqlite in the working directory.
        #expect(try await CLIProcess.exec(["send", "create", "counter-d"], directory: scratch.url).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("eventscope.sqlite")))
    }
}
