import ArgumentParser
import EventScope
import Foundation

/// `eventscope rebuild NAME`: empties a read model and replays every event into it.
struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Empty a read model and replay it from the first event, reporting events/s.",
        discussion: """
            The emptying is one transaction, and every page replayed moves the checkpoint with \
            it: if the rebuild is killed, `eventscope project` (or the explorer) resumes where it \
            stopped and ends consistent. Refused while another process keeps the read model.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var readModelOptions: ReadModelOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The read model's name.", completion: Completions.readModelNames)
    var name: String

    func run() async throws {
        let stop = StopSignal()
        try await withReadModels(storeOptions, readModelOptions) { store, runners, _ in
            let (_, runner) = try readModel(name, in: runners)
            let head = try await store.stats().headPosition
            let clock = ContinuousClock()
            runner.control(.rebuild)
            runner.start()
            let start = clock.now
            var rebuilt = false
            while !stop.requested {
                try await Task.sleep(for: .milliseconds(20))
                let s = runner.status
                if s.phase == .standby, let keeper = s.keeper {
                    throw CLIFailure("\(name) is kept by \(keeper); stop that process or rebuild from its explorer (P, then R)")
                }
                if s.phase == .failed { throw CLIFailure("rebuild of \(name) stopped at \(s.failure?.description ?? "an event")") }
                // (A small rebuild can start and end between two looks: count, don't watch.)
                if s.rebuild != nil || s.rebuildsStarted > 0 { rebuilt = true }
                if (rebuilt || head == .start) && s.rebuild == nil && s.position >= head { break }
                if !output.json && isatty(STDOUT_FILENO) == 1, let r = s.rebuild {
                    print(String(format: "\rrebuilding %@: %d/%d (%.0f%%)", name, s.position.value, r.target.value, r.fraction(at: s.position) * 100), terminator: "")
                    fflush(nil)
                }
            }
            let seconds = (clock.now - start) / .seconds(1)
            let events = runner.status.position.value
            let perSecond = Double(events) / max(seconds, 1e-9)
            if output.json {
                Console.line(EventFormatting.jsonText([
                    "name": name, "events": events, "seconds": (seconds * 1000).rounded() / 1000, "events_per_second": perSecond.rounded(),
                ]))
            } else {
                Console.line(String(format: "\rrebuilt %@: %d events in %.2f s (%.0f events/s)", name, events, seconds, perSecond))
            }
        }
    }
}
