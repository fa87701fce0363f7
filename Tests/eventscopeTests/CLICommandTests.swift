import Foundation
import Testing

/// `send`, `show`, `streams`, `tail` and bad arguments, through the built binary.
@Suite("CLI commands")
struct CLICommandTests {
    @Test("send appends events, show folds the state, streams lists them, tail prints $all")
    func sendShowStreamsTail() throws {
        let scratch = CLIScratch("send")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]

        let created = try CLIProcess.run(["send", "create", "counter-1"] + store)
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains("counter.created") && created.stdout.contains("counter-1 is at version 1"))

        let incremented = try CLIProcess.run(["send", "increment", "counter-1", "--json"] + store)
        #expect(incremented.status == 0, "\(incremented)")
        let json = try incremented.json()
        #expect(json["stream"] as? String == "counter-1")
        #expect(json["version"] as? Int == 2)
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.count == 1 && events[0]["type"] as? String == "counter.incremented")
        #expect((events[0]["data"] as? [String: Any])?["count"] as? Int == 1)

        #expect(try CLIProcess.run(["send", "open", "account-7", "owner=Ada"] + store).status == 0)
        #expect(try CLIProcess.run(["send", "deposit", "account-7", "amount=50"] + store).status == 0)

        let show = try CLIProcess.run(["show", "account-7", "--json"] + store).json()
        #expect(show["version"] as? Int == 2)
        let state = try #require(show["state"] as? [String: Any])
        #expect(state["balance"] as? Int == 50 && state["owner"] as? String == "Ada")
        #expect((show["events"] as? [Any])?.count == 2)

        let past = try CLIProcess.run(["show", "account-7", "--at", "1", "--json"] + store).json()
        #expect((past["state"] as? [String: Any])?["balance"] as? Int == 0)
        #expect(past["version"] as? Int == 1)

        let human = try CLIProcess.run(["show", "counter-1"] + store)
        #expect(human.status == 0 && human.stdout.contains("\"count\" : 1"), "\(human)")

        let streams = try CLIProcess.run(["streams", "--json"] + store).json()
        let rows = try #require(streams["streams"] as? [[String: Any]])
        #expect(rows.map { $0["stream"] as? String } == ["account-7", "counter-1"])
        let counters = try CLIProcess.run(["streams", "--category", "counter"] + store)
        #expect(counters.stdout.contains("counter-1") && !counters.stdout.contains("account-7"))

        let tail = try CLIProcess.run(["tail", "--from", "2", "--limit", "2", "--json"] + store)
        let positions = tail.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["position"] as? Int
        }
        #expect(positions == [2, 3])
    }

    @Test("text from the store is shown escaped, never executed, and JSON output stays valid")
    func hostileText() throws {
        let scratch = CLIScratch("hostile")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        let owner = "\u{1B}[2J\u{1B}]0;pwned\u{07}Ada \"Q\" \\ \u{9B}31m"
        #expect(try CLIProcess.run(["send", "open", "account-x", "owner=\(owner)"] + store).status == 0)
        for arguments in [["show", "account-x"], ["tail"], ["streams"], ["send", "deposit", "account-x", "amount=5"]] {
            let out = try CLIProcess.run(arguments + store)
            #expect(out.status == 0, "\(out)")
            #expect(!out.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "raw control characters in: \(arguments)")
        }
        let lines = try CLIProcess.run(["tail", "--json"] + store).stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect((first["data"] as? [String: Any])?["owner"] as? String == owner)
        let show = try CLIProcess.run(["show", "account-x", "--json"] + store).json()
        #expect((show["state"] as? [String: Any])?["owner"] as? String == owner)
    }

    @Test("a refused command prints why, exits 1 and appends nothing")
    func refused() throws {
        let scratch = CLIScratch("refused")
        defer { scratch.remove() }
        let store = ["--store", scratch.store()]
        _ = try CLIProcess.run(["send", "open", "account-1", "owner=Bo"] + store)
        let overdraw = try CLIProcess.run(["send", "withdraw", "account-1", "amount=80"] + store)
        #expect(overdraw.status == 1)
        #expect(overdraw.stderr.contains("refused") && overdraw.stderr.contains("insufficient funds"), "\(overdraw)")
        #expect(overdraw.stderr.split(separator: "\n").count == 1, "error is not one line: \(overdraw.stderr)")
        #expect(overdraw.stdout.isEmpty)
        let twice = try CLIProcess.run(["send", "open", "account-1", "owner=Bo"] + store)
        #expect(twice.status == 1 && twice.stderr.contains("already"))
        let show = try CLIProcess.run(["show", "account-1", "--json"] + store).json()
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
    func badArguments(_ arguments: [String], _ expected: String) throws {
        let scratch = CLIScratch("bad")
        defer { scratch.remove() }
        let outcome = try CLIProcess.run(arguments, environment: ["EVENTSCOPE_STORE": scratch.store()])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains(expected), "\(outcome)")
        #expect(outcome.stderr.contains("Usage:") || outcome.stderr.contains("USAGE:"), "\(outcome)")
        #expect(!outcome.stderr.contains("Fatal error") && !outcome.stderr.contains("Stack dump"))
        // Nothing was created by a command that never ran.
        #expect(!FileManager.default.fileExists(atPath: scratch.path("events.sqlite")))
    }

    @Test("store failures are one line on stderr naming the file")
    func storeFailures() throws {
        let scratch = CLIScratch("storefail")
        defer { scratch.remove() }
        let missing = try CLIProcess.run(["streams", "--store", "sqlite:/no/such/dir/e.sqlite"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "Error: cannot create /no/such/dir/e.sqlite: directory /no/such/dir does not exist; create it (mkdir -p /no/such/dir) or choose another path\n")

        try Data("hello, not a database, really not one at all".utf8).write(to: URL(fileURLWithPath: scratch.path("notes.txt")))
        let notDB = try CLIProcess.run(["send", "create", "counter-1", "--store", "sqlite:" + scratch.path("notes.txt")])
        #expect(notDB.status == 1)
        #expect(notDB.stderr.contains("is not an SQLite database") && notDB.stderr.contains("notes.txt"), "\(notDB)")
        #expect(notDB.stderr.split(separator: "\n").count == 1)

        let noStream = try CLIProcess.run(["show", "counter-404", "--store", scratch.store()])
        #expect(noStream.status == 1 && noStream.stderr.contains("no stream counter-404"))
    }

    @Test("EVENTSCOPE_STORE is the fallback, --store wins, memory: works")
    func storeSelection() throws {
        let scratch = CLIScratch("env")
        defer { scratch.remove() }
        let env = ["EVENTSCOPE_STORE": scratch.store("env.sqlite")]
        #expect(try CLIProcess.run(["send", "create", "counter-env"], environment: env).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("env.sqlite")))
        let listed = try CLIProcess.run(["streams"], environment: env)
        #expect(listed.stdout.contains("counter-env"))
        let other = try CLIProcess.run(["streams", "--store", scratch.store("other.sqlite")], environment: env)
        #expect(!other.stdout.contains("counter-env"))
        let memory = try CLIProcess.run(["send", "create", "counter-m", "--store", "memory:", "--json"])
        #expect(memory.status == 0)
        #expect(try memory.json()["version"] as? Int == 1)
        // sqlite:///absolute/path and ?sync=normal (shown wherever the store is named).
        let absolute = try CLIProcess.run(["demo", "--commands", "20", "--json", "--store", "sqlite://" + scratch.path("abs.sqlite") + "?sync=normal"])
        #expect(absolute.status == 0, "\(absolute)")
        #expect(try absolute.json()["store"] as? String == "sqlite:" + scratch.path("abs.sqlite") + "?sync=normal")
        let badSync = try CLIProcess.run(["streams", "--store", "sqlite:x.sqlite?sync=sometimes"], directory: scratch.url)
        #expect(badSync.status != 0 && badSync.stderr.contains("sync=sometimes is not a sync mode"))
        // The default is sqlite:eventscope.sqlite in the working directory.
        #expect(try CLIProcess.run(["send", "create", "counter-d"], directory: scratch.url).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("eventscope.sqlite")))
    }
}
