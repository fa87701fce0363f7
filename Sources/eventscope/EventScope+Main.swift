import ArgumentParser
import EventScope
import EventScopeExplorer
import Foundation
import Logging

extension EventScope {
    /// Parses (global options may come before the subcommand), sets up logging, runs, and
    /// reports a failure the way scripts need it: one line on stderr for people; with
    /// `--json`, also a JSON object on stdout (`error`, `message`, details) unless the command
    /// already printed its own report there; and an exit status per kind of failure
    /// (``FailureKind``).
    static func main() async {
        let arguments = hoistingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        let json = arguments.contains("--json")
        do {
            var command = try await asyncParseAsRoot(arguments)
            bootstrapLogging(forTerminalUI: command is ExploreCommand || command is TUIDemoCommand)
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            fail(error, json: json)
        }
    }

    /// `eventscope --store X --json streams` as `eventscope streams --store X --json`: the
    /// options every subcommand takes, given before the subcommand's name, are moved after it.
    static func hoistingGlobalOptions(_ arguments: [String]) -> [String] {
        let names = Set(configuration.subcommands.map { $0._commandName })
        var globals: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--json" || argument.hasPrefix("--store=") {
                globals.append(argument)
                i += 1
            } else if argument == "--store", i + 1 < arguments.count {
                globals += [argument, arguments[i + 1]]
                i += 2
            } else {
                break
            }
        }
        guard !globals.isEmpty, i < arguments.count, names.contains(arguments[i]) else { return arguments }
        return [arguments[i]] + globals + arguments[(i + 1)...]
    }

    /// Logs go to stderr at `$EVENTSCOPE_LOG_LEVEL` (default `error`); never while curses
    /// owns the screen.
    private static func bootstrapLogging(forTerminalUI: Bool) {
        let level = ProcessInfo.processInfo.environment["EVENTSCOPE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .error
        LoggingSystem.bootstrap { label in
            if forTerminalUI { return SwiftLogNoOpLogHandler() }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    private static func fail(_ error: any Error, json: Bool) -> Never {
        let code = exitCode(for: error)
        // Help and --version are "errors" that succeed; an explicit ExitCode is already reported.
        if code == .success || error is ExitCode { exit(withError: error) }
        var report = FailureReport(error)
        if !(error is CLIFailure || error is CommandError || error is EventStoreError) {
            // ArgumentParser's own errors (parsing, validation) are usage errors.
            if code == .validationFailure { report.kind = .usage }
            report.message = message(for: error)
        }
        if report.kind == .usage, !json {
            exit(withError: error)  // the message with the usage, exit 64
        }
        if json, !Console.wroteOutput.load(ordering: .relaxed) {
            var members: [(key: String, value: JSONValue)] = [("error", .string(report.kind.rawValue)), ("message", .string(report.message))]
            for (key, value) in report.details.sorted(by: { $0.key < $1.key }) { members.append((key, .string(value))) }
            members.append(("exit_status", .integer(Int64(report.kind.exitStatus))))
            Console.line(JSONValue.object(members).compact)
        }
        Console.error("Error: \(report.message)")
        Foundation.exit(report.kind.exitStatus)
    }
}
