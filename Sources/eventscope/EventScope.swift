import ArgumentParser
import EventScopeDemo
import EventScope

@main
struct EventScope: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eventscope",
        abstract: "Explore an event store: watch events live, open aggregates, issue commands.",
        discussion: """
            With no subcommand, opens the explorer on the store (default sqlite:eventscope.sqlite, \
            or $EVENTSCOPE_STORE). Stores: sqlite:PATH, redis://[[user]:password@]host[:port][/db][?prefix=NAME], memory:.
            """,
        version: EventScopeVersion.current,
        subcommands: [
            ExploreCommand.self, SendCommand.self, StreamsCommand.self, ShowCommand.self,
            TailCommand.self, DemoCommand.self, BenchCommand.self, TUIDemoCommand.self,
            TortureCommand.self, ProjectCommand.self, HandlersCommand.self, ReadModelCommand.self, RebuildCommand.self,
            SnapshotsCommand.self, TraceCommand.self,
        ],
        defaultSubcommand: ExploreCommand.self
    )

    /// The aggregates and commands eventscope knows (the demo domain's), built once per
    /// process: help, validation, the engine and the explorer all use this one.
    static let catalog = DemoCatalog.make()
}
