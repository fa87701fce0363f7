import ArgumentParser

// Stub: replaced by the engineer who owns this subcommand.
struct TUIDemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tui-demo", abstract: "(not yet built)", shouldDisplay: false)
    func run() async throws { throw ValidationError("tui-demo is not built yet") }
}
