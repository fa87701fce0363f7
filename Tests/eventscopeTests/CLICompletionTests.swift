import Foundation
import Testing

/// Shell completion as a user gets it: the script `eventscope --generate-completion-script bash`
/// prints, sourced into a real bash, asked for the candidates of a partly typed line.
@Suite("Shell completion")
struct CLICompletionTests {
    @Test("bash completes subcommands, command names, stream names from the store and field names from the catalog")
    func bashCompletes() async throws {
        let scratch = CLIScratch("completion")
        defer { scratch.remove() }
        let store = scratch.store()
        for command in [["create", "counter-1"], ["create", "counter-22"], ["open", "account-ada", "owner=Ada"]] {
            let sent = try await CLIProcess.exec(["send"] + command + ["--store", store])
            #expect(sent.status == 0, "\(sent)")
        }

        #expect(try await complete(["sen"]) == ["send"])
        #expect(try await complete(["send", "dep"]) == ["deposit"])
        // Stream names come from the store on the command line, and only of categories the
        // typed command applies to.
        #expect(try await complete(["send", "--store", store, "increment", ""]) == ["counter-1", "counter-22"])
        #expect(try await complete(["send", "--store", store, "increment", "counter-2"]) == ["counter-22"])
        #expect(try await complete(["send", "--store", store, "deposit", ""]) == ["account-ada"])
        #expect(try await complete(["show", "--store", store, "acc"]) == ["account-ada"])
        // $EVENTSCOPE_STORE is the store when --store is not typed.
        #expect(try await complete(["show", "counter-"], environment: ["EVENTSCOPE_STORE": store]) == ["counter-1", "counter-22"])
        // Field names of the typed command, not the ones already given.
        #expect(try await complete(["send", "deposit", "account-ada", ""]) == ["amount="])
        #expect(try await complete(["send", "open", "account-new", ""]) == ["owner="])
        #expect(try await complete(["send", "open", "account-new", "owner=Ada", ""]) == [])
        #expect(try await complete(["rebuild", ""]).contains("counters"))
    }

    @Test("completion on a missing store offers the catalog's categories and creates nothing")
    func missingStore() async throws {
        let scratch = CLIScratch("completion-missing")
        defer { scratch.remove() }
        let missing = scratch.path("nothing-here.sqlite")
        #expect(try await complete(["send", "--store", "sqlite:" + missing, "increment", ""]) == ["counter-"])
        #expect(try await complete(["show", "--store", "sqlite:" + missing, ""]).sorted() == ["account-", "counter-"])
        #expect(!FileManager.default.fileExists(atPath: missing))
        // A Redis that does not answer: the catalog's prefixes, not a hang.
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try await complete(["send", "--store", "redis://127.0.0.1:1", "deposit", ""]) == ["account-"])
        #expect(clock.now - start < .seconds(10))
    }

    /// The candidates bash's completion of `eventscope WORDS…` offers (the last word is the
    /// one being completed, cursor at its end).
    private func complete(_ words: [String], environment: [String: String] = [:]) async throws -> [String] {
        let script = """
            source <("$BIN" --generate-completion-script bash)
            COMP_WORDS=("$BIN" "$@"); COMP_CWORD=$#; COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
            _eventscope "$BIN" "${COMP_WORDS[$COMP_CWORD]}" "${COMP_WORDS[$COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, "complete"] + words
        var env = ProcessInfo.processInfo.environment
        env["EVENTSCOPE_STORE"] = nil
        env["BIN"] = try CLIBinary.path()
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // A file, not a pipe: nothing has to read while the process runs.
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("eventscope-completion-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL) }
        let out = try FileHandle(forWritingTo: outURL)
        defer { try? out.close() }
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        try process.run()
        await exited.wait()
        let data = try Data(contentsOf: outURL)
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
